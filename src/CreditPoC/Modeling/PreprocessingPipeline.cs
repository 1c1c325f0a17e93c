using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace CreditPoC.Modeling;

/// <summary>
/// Builds the saveable ML.NET preprocessing for a model family from a <see cref="FeaturePlan"/>: ratio features
/// (Expression transform), rare levels mapped to "Other" (MapValue) then one-hot, and, for trainers without native
/// missing handling, mean imputation plus missing indicators; standardization for the linear models. The result
/// is one "Features" vector whose slot names lead back to the source columns (see <see cref="FeatureSlots"/>).
/// </summary>
internal static class PreprocessingPipeline
{
    public const string Features = "Features";
    internal const string NumericVector = "__NUM";
    internal const string MissingVector = "__MISS";
    private const string MissingRaw = "__MISS_RAW";
    private const string MissingFlags = "__MISS_FLAGS";

    public static IEstimator<ITransformer> Build(MLContext ml, FeaturePlan plan, ModelSpec spec)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var ratio in plan.Ratios)
            chain = chain.Append(ml.Transforms.Expression(ratio.Name,
                "(a, b) => b == 0 ? na(a) : a / b", ratio.Numerator, ratio.Denominator));

        foreach (var category in plan.Categorical)
            chain = chain.Append(ml.Transforms.Conversion.MapValue(category.Name, category.Mapping, category.Name));
        if (plan.Categorical.Count > 0)
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding(
                plan.Categorical.Select(c => new InputOutputColumnPair(c.Name)).ToArray()));

        var numeric = plan.Numeric.Concat(plan.Ratios.Select(r => r.Name)).ToArray();
        var parts = new List<string>();
        if (spec.HandlesMissing)
        {
            parts.AddRange(numeric);
        }
        else
        {
            if (numeric.Length > 0)
            {
                chain = chain.Append(ml.Transforms.Concatenate(NumericVector, numeric))
                    .Append(ml.Transforms.ReplaceMissingValues(NumericVector, replacementMode: MissingValueReplacingEstimator.ReplacementMode.Mean));
                parts.Add(NumericVector);
            }
            if (plan.WithMissing.Count > 0)
            {
                chain = chain.Append(ml.Transforms.Concatenate(MissingRaw, plan.WithMissing.ToArray()))
                    .Append(ml.Transforms.IndicateMissingValues(MissingFlags, MissingRaw))
                    .Append(ml.Transforms.Conversion.ConvertType(MissingVector, MissingFlags, DataKind.Single));
                parts.Add(MissingVector);
            }
        }
        parts.AddRange(plan.Categorical.Select(c => c.Name));
        chain = chain.Append(ml.Transforms.Concatenate(Features, parts.ToArray()));
        if (spec.NeedsScaling)
            // Centred (fixZero: false) so that a linear model's feature contributions are relative to the training
            // mean: a below-average value of a protective feature then shows as a positive (riskier) contribution.
            chain = chain.Append(ml.Transforms.NormalizeMeanVariance(Features, fixZero: false));
        return chain;
    }
}

/// <summary>Maps the slots of the "Features" vector back to source features (column or ratio names).</summary>
internal static class FeatureSlots
{
    /// <summary>One entry per slot: the source feature and, for one-hot slots, the level.</summary>
    public static (string Source, string? Detail)[] Map(DataViewSchema schema, FeaturePlan plan)
    {
        var column = schema[PreprocessingPipeline.Features];
        var names = new VBuffer<ReadOnlyMemory<char>>();
        column.GetSlotNames(ref names);
        var known = plan.Features.OrderByDescending(f => f.Length).ToList();
        return names.DenseValues().Select(n => Resolve(n.ToString(), known)).ToArray();
    }

    internal static (string Source, string? Detail) Resolve(string slot, List<string> known)
    {
        if (slot.StartsWith(PreprocessingPipeline.NumericVector + ".", StringComparison.Ordinal))
            return (slot[(PreprocessingPipeline.NumericVector.Length + 1)..], null);
        if (slot.StartsWith(PreprocessingPipeline.MissingVector + ".", StringComparison.Ordinal))
            return (slot[(PreprocessingPipeline.MissingVector.Length + 1)..], "missing");
        foreach (var feature in known)
        {
            if (slot == feature) return (feature, null);
            if (slot.StartsWith(feature + ".", StringComparison.Ordinal)) return (feature, slot[(feature.Length + 1)..]);
        }
        return (slot, null);
    }

    /// <summary>Sums per-slot values into per-source values.</summary>
    public static Dictionary<string, double> Aggregate((string Source, string? Detail)[] slots, IReadOnlyList<float> values)
    {
        var sums = new Dictionary<string, double>();
        for (var i = 0; i < slots.Length && i < values.Count; i++)
            sums[slots[i].Source] = sums.GetValueOrDefault(slots[i].Source) + values[i];
        return sums;
    }
}
