using CreditPoC.Notebooks.Parameters;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CreditPoC.Kernel;

/// <summary>
/// Papermill injects raw values (<c>var TARGET_DATE = "2021-03-31";</c>, a string), while our notebooks declare
/// typed parameters (<c>DateOnly</c>, <c>long</c>). When a cell is Papermill's injected parameters (it starts with
/// its <c>// Parameters</c> comment), each value is converted to the type of its earlier declaration and written
/// the way <c>creditpoc run</c> injects it, so <c>papermill -p TARGET_DATE 2021-03-31</c> keeps a date a date.
/// Values without an earlier declaration, or of the same kind, are left as Papermill wrote them.
/// </summary>
internal static class PapermillParameters
{
    private const string Header = "// Parameters";

    /// <exception cref="UserFacingException">a value that does not convert to its declared type (named in the message).</exception>
    public static string Retype(string code, IReadOnlyList<string> history)
    {
        if (!code.TrimStart().StartsWith(Header, StringComparison.Ordinal)) return code;
        var injected = ParameterCellParser.Parse(code);
        if (injected.Count == 0) return code;
        var declared = new Dictionary<string, ParameterDeclaration>(StringComparer.Ordinal);
        foreach (var cell in history)
            foreach (var declaration in ParameterCellParser.Parse(cell))
                declared[declaration.Name] = declaration;

        var changed = false;
        var lines = new List<string> { Header };
        foreach (var value in injected)
        {
            var text = value.DefaultText;
            if (declared.TryGetValue(value.Name, out var original) && original.Kind != ParameterKind.Unsupported && original.Kind != value.Kind &&
                LiteralText(value.DefaultText) is { } raw)
            {
                text = CSharpParameterTranslator.Translate(ParameterConverter.Convert(original, raw));
                changed = true;
            }
            lines.Add($"var {value.Name} = {text};");
        }
        return changed ? string.Join('\n', lines) + "\n" : code;
    }

    /// <summary>The value a literal stands for, as text (<c>"a\"b"</c> → <c>a"b</c>, <c>5</c> → <c>5</c>); null for anything else.</summary>
    private static string? LiteralText(string expression) =>
        SyntaxFactory.ParseExpression(expression) switch
        {
            LiteralExpressionSyntax literal => literal.Token.ValueText,
            PrefixUnaryExpressionSyntax { OperatorToken.Text: "-", Operand: LiteralExpressionSyntax number } => "-" + number.Token.ValueText,
            _ => null,
        };
}
