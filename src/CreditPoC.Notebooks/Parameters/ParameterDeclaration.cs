namespace CreditPoC.Notebooks.Parameters;

/// <summary>The types the runner can convert a text value to.</summary>
public enum ParameterKind
{
    String,
    Int,
    Long,
    Double,
    Decimal,
    Bool,
    DateOnly,
    DateTime,
    StringArray,

    /// <summary>A declaration the runner cannot set from text (any other type); it can only keep its default.</summary>
    Unsupported,
}

/// <summary>One parameter declared in the cell tagged <c>parameters</c>.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="TypeName">The type as written, or as inferred for <c>var</c> (e.g. <c>string</c>, <c>DateOnly</c>).</param>
/// <param name="Kind">How a text value is converted.</param>
/// <param name="DefaultText">The initializer as written in the cell, e.g. <c>"2021-01-31"</c>.</param>
/// <param name="Help">A trailing <c>// comment</c> on the declaration, if any.</param>
public sealed record ParameterDeclaration(string Name, string TypeName, ParameterKind Kind, string DefaultText, string? Help = null);
