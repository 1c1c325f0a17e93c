using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>
/// How a model does on the training part and the held-out test split: ROC curves on both (and their AUC gap, an
/// overfitting signal), the precision–recall curve, KS and Gini, a confusion matrix at a threshold and a
/// calibration table, all on the test split unless named train.
/// </summary>
public sealed record EvaluationReport
{
    public required string Model { get; init; }
    public required double TrainAuc { get; init; }
    public required double TestAuc { get; init; }
    /// <summary>Train AUC minus test AUC.</summary>
    public double AucGap => TrainAuc - TestAuc;
    /// <summary>2·AUC − 1 on the test split.</summary>
    public double Gini => 2 * TestAuc - 1;
    public required double KolmogorovSmirnov { get; init; }
    /// <summary>The probability at which the KS gap is largest.</summary>
    public required double KsThreshold { get; init; }
    public required IReadOnlyList<RocPoint> RocTrain { get; init; }
    public required IReadOnlyList<RocPoint> RocTest { get; init; }
    public required IReadOnlyList<PrPoint> PrTest { get; init; }
    public required double Threshold { get; init; }
    /// <summary>Test split, positive when the probability is at or above <see cref="Threshold"/>.</summary>
    public required ConfusionMatrix Confusion { get; init; }
    public required IReadOnlyList<CalibrationBin> Calibration { get; init; }
    public required int TrainRows { get; init; }
    public required int TestRows { get; init; }

    public override string ToString()
    {
        string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        return $"{Model}: test AUC {F(TestAuc)} (train {F(TrainAuc)}, gap {F(AucGap)}), Gini {F(Gini)}, KS {F(KolmogorovSmirnov)}; " +
               $"at threshold {Threshold.ToString("G3", CultureInfo.InvariantCulture)}: TP {Confusion.TruePositives}, FP {Confusion.FalsePositives}, " +
               $"TN {Confusion.TrueNegatives}, FN {Confusion.FalseNegatives} (recall {F(Confusion.Recall)}, precision {F(Confusion.Precision)})";
    }
}

/// <summary>The importance of one source feature (column or ratio feature; one-hot slots summed).</summary>
/// <param name="Feature">Source column or ratio feature name.</param>
/// <param name="Importance">Gain share, or the AUC drop when the feature is permuted.</param>
/// <param name="Sd">Standard deviation of the AUC drop over permutations (0 for gain).</param>
public sealed record FeatureImportance(string Feature, double Importance, double Sd);

/// <summary>
/// Which features a model relies on: split-gain importance (tree models; share of total gain) and permutation
/// importance (ML.NET PermutationFeatureImportance on the test split: how much AUC drops when a feature slot is
/// shuffled, summed over a column's one-hot and missing-indicator slots).
/// </summary>
public sealed record InterpretationReport(string Model, IReadOnlyList<FeatureImportance> Gain, IReadOnlyList<FeatureImportance> Permutation, int PermutationRows)
{
    /// <summary>The ranking used to pick top features: gain when the model has it, otherwise permutation.</summary>
    public IReadOnlyList<FeatureImportance> Ranking => Gain.Count > 0 ? Gain : Permutation;

    /// <summary>One row per feature: gain share and permutation AUC drop (NaN where not available).</summary>
    public DataFrame ToDataFrame()
    {
        var features = Ranking.Select(f => f.Feature).Concat(Permutation.Select(f => f.Feature)).Distinct().ToList();
        var gain = Gain.ToDictionary(f => f.Feature, f => f.Importance);
        var permutation = Permutation.ToDictionary(f => f.Feature);
        return new DataFrame(
            new StringDataFrameColumn("Feature", features),
            new DoubleDataFrameColumn("GainShare", features.Select(f => gain.TryGetValue(f, out var g) ? g : double.NaN)),
            new DoubleDataFrameColumn("PermutationAucDrop", features.Select(f => permutation.TryGetValue(f, out var p) ? p.Importance : double.NaN)),
            new DoubleDataFrameColumn("PermutationSd", features.Select(f => permutation.TryGetValue(f, out var p) ? p.Sd : double.NaN)));
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{Model} importance (top 10)\n");
        foreach (var f in Ranking.Take(10))
            text.AppendLine($"  {f.Feature,-32} {f.Importance.ToString("F4", CultureInfo.InvariantCulture)}");
        return text.ToString();
    }
}
