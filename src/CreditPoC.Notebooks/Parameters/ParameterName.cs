using Microsoft.CodeAnalysis.CSharp;

namespace CreditPoC.Notebooks.Parameters;

/// <summary>
/// The rule for a parameter's name wherever one comes from outside (<c>-p</c>, <c>-f</c>, <c>pipeline.yaml</c>,
/// <c>pipeline -p</c>): a plain C# identifier. Names are written into the injected cell as code, so anything else
/// could inject statements; values are escaped, names cannot be.
/// </summary>
public static class ParameterName
{
    public static bool IsValid(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

    /// <summary>Throws an error naming <paramref name="where"/> unless <paramref name="name"/> is a plain C# identifier.</summary>
    public static string Check(string name, string where)
    {
        if (IsValid(name)) return name;
        var shown = name.Length > 60 ? name[..60] + "…" : name;
        throw new UserFacingException(
            $"{where}: parameter name '{shown.ReplaceLineEndings(" ")}' is not a C# identifier; " +
            "a name is letters, digits and _, does not start with a digit and is not a keyword (e.g. TARGET_DATE)");
    }
}
