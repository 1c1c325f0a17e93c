using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CreditPoC.Kernel.Language;

/// <summary>The signature and XML documentation of the symbol at a position, as plain text (what <c>inspect</c> shows).</summary>
internal static class SymbolDocumentation
{
    private static readonly SymbolDisplayFormat Signature = SymbolDisplayFormat.CSharpErrorMessageFormat
        .AddParameterOptions(SymbolDisplayParameterOptions.IncludeDefaultValue | SymbolDisplayParameterOptions.IncludeName)
        .AddMemberOptions(SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters);

    /// <summary>Describes the symbol under the cursor, or just before it (a cursor after <c>Setup</c> or <c>Setup(</c>).</summary>
    public static async Task<string?> DescribeAtAsync(Document document, int start, int position)
    {
        var model = await document.GetSemanticModelAsync().ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync().ConfigureAwait(false);
        if (model is null || root is null) return null;
        foreach (var candidate in new[] { position, position - 1, position - 2 })
        {
            if (candidate < start || candidate >= root.FullSpan.End) continue;
            var token = root.FindToken(candidate);
            if (token.IsKind(SyntaxKind.OpenParenToken) && token.Parent is ArgumentListSyntax { Parent: InvocationExpressionSyntax call })
                token = call.Expression.GetLastToken();
            var node = token.Parent;
            if (node is null) continue;
            var info = model.GetSymbolInfo(node);
            var symbols = info.Symbol is { } s ? [s] : info.CandidateSymbols.ToList();
            if (symbols.Count == 0 && model.GetDeclaredSymbol(node) is { } declared) symbols = [declared];
            if (symbols.Count == 0 && model.GetTypeInfo(node).Type is { TypeKind: not TypeKind.Error } type && node is IdentifierNameSyntax) symbols = [type];
            if (symbols.Count > 0) return string.Join("\n\n", symbols.Select(Describe));
        }
        return null;
    }

    private static string Describe(ISymbol symbol)
    {
        var b = new StringBuilder(symbol.ToDisplayString(Signature));
        var xml = symbol.GetDocumentationCommentXml(expandIncludes: true);
        if (string.IsNullOrWhiteSpace(xml) && symbol is IMethodSymbol { ReducedFrom: { } original }) xml = original.GetDocumentationCommentXml();
        if (string.IsNullOrWhiteSpace(xml)) return b.ToString();
        XElement doc;
        try
        {
            doc = XElement.Parse(xml);
        }
        catch (System.Xml.XmlException)
        {
            return b.ToString();
        }
        if (doc.Element("summary") is { } summary) b.Append("\n\n").Append(Text(summary));
        foreach (var parameter in doc.Elements("param"))
            b.Append("\n  ").Append((string?)parameter.Attribute("name")).Append(": ").Append(Text(parameter));
        if (doc.Element("returns") is { } returns) b.Append("\nReturns: ").Append(Text(returns));
        return b.ToString();
    }

    /// <summary>A doc element's text with <c>see cref</c> and <c>paramref</c> written as their names.</summary>
    private static string Text(XElement element)
    {
        var b = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            b.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => ((string?)e.Attribute("cref") ?? (string?)e.Attribute("langword") ?? (string?)e.Attribute("href") ?? "").Split(':')[^1],
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => (string?)e.Attribute("name") ?? "",
                XElement e => Text(e),
                _ => "",
            });
        }
        return string.Join(' ', b.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
