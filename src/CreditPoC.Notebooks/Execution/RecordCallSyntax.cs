using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Lets a cell call <c>record(...)</c> the way papermill users call scrapbook's <c>glue(...)</c>. At the top level of
/// a script, C# reads <c>record(</c> as the start of a record type declaration and fails ("identifier expected"), so
/// every <c>record</c> token directly followed by <c>(</c> becomes the verbatim identifier <c>@record</c>, which is
/// always a call. A record declaration needs a name before its parameter list, so no valid code changes meaning.
/// </summary>
internal static class RecordCallSyntax
{
    private static readonly CSharpParseOptions Script = CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    public static string AsInvocations(string code)
    {
        if (!code.Contains("record", StringComparison.Ordinal)) return code;
        var tokens = CSharpSyntaxTree.ParseText(code, Script).GetRoot().DescendantTokens().Where(t => !t.IsMissing).ToList();
        var starts = new List<int>();
        for (var i = 0; i + 1 < tokens.Count; i++)
            if (tokens[i].Text == "record" && tokens[i + 1].IsKind(SyntaxKind.OpenParenToken))
                starts.Add(tokens[i].SpanStart);
        if (starts.Count == 0) return code;
        var text = new StringBuilder(code);
        foreach (var start in starts.OrderDescending()) text.Insert(start, '@');
        return text.ToString();
    }
}
