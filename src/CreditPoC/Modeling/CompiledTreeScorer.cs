using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace CreditPoC.Modeling;

/// <summary>
/// Batch scoring for boosted-tree models (LightGBM, FastTree) without ML.NET's row cursors: the model's
/// preprocessing is replayed from its <see cref="FeaturePlan"/> and the slots of its Features vector (numbers as
/// read, ratio features, each raw level straight to its one-hot slot), the trees run from flat arrays
/// (<see cref="FlatTreeEnsemble"/>) and the model's own calibrator turns the sum into a probability. Same
/// probabilities as the ML.NET chain; <see cref="TrainedModel.Predict"/> checks that on every batch before using it.
/// </summary>
internal sealed class CompiledTreeScorer
{
    private const int RowsPerTask = 4096;

    private readonly FlatTreeEnsemble _trees;
    private readonly ICalibrator _calibrator;
    private readonly int _slotCount;
    private readonly (string Column, int Slot)[] _numbers;
    private readonly (RatioFeature Ratio, int Slot)[] _ratios;
    private readonly (string Column, Dictionary<string, int> SlotOfLevel, int[] Slots)[] _categories;

    private CompiledTreeScorer(FlatTreeEnsemble trees, ICalibrator calibrator, int slotCount, (string, int)[] numbers,
        (RatioFeature, int)[] ratios, (string, Dictionary<string, int>, int[])[] categories)
    {
        _trees = trees;
        _calibrator = calibrator;
        _slotCount = slotCount;
        _numbers = numbers;
        _ratios = ratios;
        _categories = categories;
    }

    /// <summary>A scorer for the model, or null (with the reason) when its shape is not one this class replays.</summary>
    public static CompiledTreeScorer? TryCreate(TrainedModel model, out string? reason)
    {
        var parameters = (model.Predictor as IPredictionTransformer<object>)?.Model;
        if (parameters is not CalibratedModelParametersBase { SubModel: TreeEnsembleModelParametersBasedOnRegressionTree ensemble } calibrated)
        {
            reason = $"the {model.Name} model is not a calibrated boosted-tree ensemble";
            return null;
        }
        if (ModelCatalog.Get(model.Model) is not { HandlesMissing: true, NeedsScaling: false })
        {
            reason = $"the {model.Name} model's preprocessing imputes or scales";
            return null;
        }
        var trees = FlatTreeEnsemble.TryCreate(ensemble.TrainedTreeEnsemble.Trees, out reason);
        if (trees is null) return null;

        var plan = model.Metadata.Plan;
        var slots = model.Slots();
        var slotOf = new Dictionary<(string Source, string? Detail), int>();
        for (var i = 0; i < slots.Length; i++) slotOf.TryAdd(slots[i], i);
        int Slot(string feature) => slotOf.TryGetValue((feature, null), out var slot) ? slot : -1;

        var numbers = plan.Numeric.Select(name => (name, Slot(name))).Where(x => x.Item2 >= 0).ToArray();
        var ratios = plan.Ratios.Select(ratio => (ratio, Slot(ratio.Name))).Where(x => x.Item2 >= 0).ToArray();
        var categories = plan.Categorical.Select(category =>
        {
            // A raw level not in the mapping (unseen in training) maps to no level, so none of its slots is set.
            var slotOfLevel = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (raw, level) in category.Mapping)
                if (slotOf.TryGetValue((category.Name, level), out var slot))
                    slotOfLevel[raw] = slot;
            return (category.Name, slotOfLevel, slots: slotOfLevel.Values.Distinct().ToArray());
        }).ToArray();
        var mapped = numbers.Length + ratios.Length + categories.Sum(c => c.slots.Length);
        if (mapped != slots.Length)
        {
            reason = $"{slots.Length - mapped} of the model's {slots.Length} feature slots could not be traced to its inputs";
            return null;
        }
        reason = null;
        return new CompiledTreeScorer(trees, calibrated.Calibrator, slots.Length, numbers, ratios, categories);
    }

    /// <summary>The probability of the positive label for rows [start, start + count) of the table, into output[start…].</summary>
    public void Score(ColumnTable table, int start, int count, double[] output)
    {
        var inputs = Bind(table);
        var tasks = (count + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, () => new float[_slotCount], (task, _, features) =>
        {
            var first = start + task * RowsPerTask;
            var end = Math.Min(start + count, first + RowsPerTask);
            ScoreRows(inputs, first, end, features, output);
            return features;
        }, _ => { });
    }

    private void ScoreRows(BoundInputs inputs, int first, int end, float[] features, double[] output)
    {
        for (var row = first; row < end; row++)
        {
            Fill(inputs, row, features);
            output[row] = _calibrator.PredictProbability((float)_trees.Output(features));
        }
    }

    /// <summary>Writes one row's Features vector: numbers, ratios and the one-hot slots of each category.</summary>
    private static void Fill(BoundInputs inputs, int row, Span<float> features)
    {
        foreach (var (values, slot) in inputs.Numbers)
            features[slot] = values[row];
        foreach (var (ratio, numerator, denominator, slot) in inputs.Ratios)
            features[slot] = ratio.Compute(numerator[row], denominator[row]);
        foreach (var (texts, lookup, slots) in inputs.Categories)
        {
            foreach (var slot in slots) features[slot] = 0f;
            if (lookup.TryGetValue(texts[row].Span, out var hot)) features[hot] = 1f;
        }
    }

    private BoundInputs Bind(ColumnTable table)
    {
        float[] Numbers(string name) => table.Find(name)?.Numbers
                                        ?? throw new InvalidOperationException($"the scoring table has no numeric column {name}");
        return new BoundInputs(
            _numbers.Select(n => (Numbers(n.Column), n.Slot)).ToArray(),
            _ratios.Select(r => (r.Ratio, Numbers(r.Ratio.Numerator), Numbers(r.Ratio.Denominator), r.Slot)).ToArray(),
            _categories.Select(c => (
                table.Find(c.Column)?.Texts ?? throw new InvalidOperationException($"the scoring table has no text column {c.Column}"),
                c.SlotOfLevel.GetAlternateLookup<ReadOnlySpan<char>>(),
                c.Slots)).ToArray());
    }

    private sealed record BoundInputs(
        (float[] Values, int Slot)[] Numbers,
        (RatioFeature Ratio, float[] Numerator, float[] Denominator, int Slot)[] Ratios,
        (ReadOnlyMemory<char>[] Texts, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Lookup, int[] Slots)[] Categories);
}
