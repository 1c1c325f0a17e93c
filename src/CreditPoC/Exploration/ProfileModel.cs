namespace CreditPoC.Exploration;

/// <summary>
/// Summary statistics of a numeric column's ordinary values (special values excluded; see
/// <see cref="ColumnProfile.SpecialValues"/>). Percentiles interpolate linearly between ranks, like numpy.
/// </summary>
public sealed record NumericSummary(long Count, double Mean, double Std, double Min, double Max,
    IReadOnlyDictionary<string, double> Percentiles);

/// <summary>
/// A histogram over [ClipLow, ClipHigh] (the 5th–95th percentiles, or the whole range when they coincide): bin
/// <c>i</c> spans Edges[i]..Edges[i+1], the last bin includes its upper edge. Below/Above count the clipped values.
/// </summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts, long Below, long Above,
    double ClipLow, double ClipHigh);

/// <summary>How often a category occurs.</summary>
public sealed record CategoryCount(string Category, long Count, double Share);

/// <summary>
/// The target's positive rate within a group of rows: a category, a numeric bin [Low, High) (the last bin
/// closed), a special value, or the missing values.
/// </summary>
public sealed record RateBin(string Label, double? Low, double? High, long Count, long Positives, double Rate);

/// <summary>A code far outside the column's other values, in many rows (e.g. DAYS_EMPLOYED = 365243).</summary>
public sealed record SpecialValue(string Column, double Value, long Count, double Share, double? PositiveRate, string Reason);

/// <summary>
/// How strongly a column goes with the target: Pearson correlation ("pearson", −1…1) for numbers, the
/// correlation ratio ("eta", 0…1, which grows with the number of categories) for text.
/// </summary>
public sealed record TargetAssociation(string Column, string Measure, double Value, long RowsUsed);

/// <summary>Everything profiled about one column; fields that do not apply to its type are null.</summary>
public sealed record ColumnProfile(string Name, string Type, long Missing, double MissingShare, long Distinct)
{
    /// <summary>Statistics of a numeric column.</summary>
    public NumericSummary? Numbers { get; init; }

    /// <summary>The 5–95% clipped histogram of a numeric column.</summary>
    public Histogram? Histogram { get; init; }

    /// <summary>Category frequencies of a text column, most frequent first (the tail gathered into "(other)").</summary>
    public IReadOnlyList<CategoryCount>? Categories { get; init; }

    /// <summary>Target rate by category (text) or by quantile bin (numbers), plus special values and missing.</summary>
    public IReadOnlyList<RateBin>? TargetRates { get; init; }

    /// <summary>Special values detected or declared in the schema.</summary>
    public IReadOnlyList<SpecialValue> SpecialValues { get; init; } = [];

    /// <summary>Association with the target, when a target was given.</summary>
    public TargetAssociation? TargetAssociation { get; init; }
}
