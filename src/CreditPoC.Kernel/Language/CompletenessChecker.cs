using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CreditPoC.Kernel.Language;

/// <summary>
/// <c>is_complete_request</c> from Roslyn's syntax tree: <c>incomplete</c> while a block, string or expression is
/// still open (a console then asks for another line), <c>invalid</c> when it is whole but cannot parse, else <c>complete</c>.
/// </summary>
internal static class CompletenessChecker
{
    private static readonly CSharpParseOptions Script = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);

    public static JsonObject Check(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(CellSource.WithoutMagics(code), Script);
        if (!SyntaxFactory.IsCompleteSubmission(tree))
            return new JsonObject { ["status"] = "incomplete", ["indent"] = Indent(code) };
        var broken = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        return new JsonObject { ["status"] = broken ? "invalid" : "complete" };
    }

    /// <summary>The next line's indent: the last line's, plus four spaces after an opening brace.</summary>
    private static string Indent(string code)
    {
        var last = code.TrimEnd('\n', '\r').Split('\n')[^1];
        var indent = last[..(last.Length - last.TrimStart().Length)];
        return last.TrimEnd().EndsWith('{') ? indent + "    " : indent;
    }
}
