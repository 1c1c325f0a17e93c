namespace CreditPoC.Modeling;

/// <summary>A derived feature numerator / denominator, computed inside the model (missing when the denominator is 0).</summary>
public sealed record RatioFeature(string Name, string Numerator, string Denominator)
{
    /// <summary>The ratios known to help on credit applications, added where their columns exist.</summary>
    public static IReadOnlyList<RatioFeature> Known { get; } =
    [
        new("CREDIT_TO_ANNUITY", "AMT_CREDIT", "AMT_ANNUITY"),
        new("CREDIT_TO_INCOME", "AMT_CREDIT", "AMT_INCOME_TOTAL"),
        new("ANNUITY_TO_INCOME", "AMT_ANNUITY", "AMT_INCOME_TOTAL"),
        new("GOODS_TO_CREDIT", "AMT_GOODS_PRICE", "AMT_CREDIT"),
    ];

    internal float Compute(float numerator, float denominator) =>
        denominator == 0 || float.IsNaN(numerator) || float.IsNaN(denominator) ? float.NaN : numerator / denominator;
}

/// <summary>
/// A text column's levels as seen in training, each mapped to itself or, when rare, to <see cref="Other"/>.
/// Missing values (empty text) become the level <see cref="Missing"/>.
/// </summary>
public sealed record CategoricalFeature(string Name, IReadOnlyDictionary<string, string> Mapping)
{
    public const string Other = "Other";
    public const string Missing = "(missing)";
}

/// <summary>
/// What the model's preprocessing does, decided at Setup from the training rows and saved with the model:
/// numeric features, ratio features, categorical features with rare levels grouped, which features had missing
/// values (they get missing indicators where the trainer needs imputation) and training medians (for the
/// "low"/"high" words in reasons).
/// </summary>
public sealed class FeaturePlan
{
    public List<string> Numeric { get; init; } = [];
    public List<RatioFeature> Ratios { get; init; } = [];
    public List<CategoricalFeature> Categorical { get; init; } = [];
    public List<string> WithMissing { get; init; } = [];
    public Dictionary<string, double> Medians { get; init; } = [];

    /// <summary>The features in model order: numbers, ratios, then categoricals.</summary>
    public IEnumerable<string> Features => Numeric.Concat(Ratios.Select(r => r.Name)).Concat(Categorical.Select(c => c.Name));

    /// <summary>The columns scoring data must have.</summary>
    public IReadOnlyList<string> InputColumns =>
        Numeric.Concat(Ratios.SelectMany(r => new[] { r.Numerator, r.Denominator })).Concat(Categorical.Select(c => c.Name))
            .Distinct().ToList();

    public bool IsCategorical(string name) => Categorical.Any(c => c.Name == name);

    /// <summary>The same plan restricted to the given features (a ratio keeps its input columns as inputs only).</summary>
    public FeaturePlan Restrict(IReadOnlyCollection<string> features) => new()
    {
        Numeric = Numeric.Where(features.Contains).ToList(),
        Ratios = Ratios.Where(r => features.Contains(r.Name)).ToList(),
        Categorical = Categorical.Where(c => features.Contains(c.Name)).ToList(),
        WithMissing = WithMissing.Where(features.Contains).ToList(),
        Medians = Medians.Where(m => features.Contains(m.Key)).ToDictionary(),
    };
}
