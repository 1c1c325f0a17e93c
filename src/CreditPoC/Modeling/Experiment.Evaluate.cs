using CreditPoC.Metrics;
using Microsoft.ML;

namespace CreditPoC.Modeling;

public sealed partial class Experiment
{
    /// <summary>Evaluates a model on the training part and the test split (see <see cref="EvaluationReport"/>).</summary>
    /// <param name="model">A model fitted by this experiment (or loaded, with the same columns).</param>
    /// <param name="threshold">Probability at or above which a row counts as positive in the confusion matrix.</param>
    public EvaluationReport Evaluate(TrainedModel model, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (threshold is < 0 or > 1) throw new UserFacingException($"threshold must be a probability in [0, 1] (got {threshold})");
        var (trainScores, trainProbabilities) = ScoreRows(model, TrainRows);
        var (testScores, testProbabilities) = ScoreRows(model, TestRows);
        var trainLabels = TrainRows.Select(r => Table.Labels![r]).ToArray();
        var testLabels = TestRows.Select(r => Table.Labels![r]).ToArray();
        var (ks, ksAt) = BinaryMetrics.KolmogorovSmirnov(testProbabilities, testLabels);
        return new EvaluationReport
        {
            Model = model.Model,
            TrainAuc = RocAuc.Compute(trainScores, trainLabels),
            TestAuc = RocAuc.Compute(testScores, testLabels),
            KolmogorovSmirnov = ks,
            KsThreshold = ksAt,
            RocTrain = BinaryMetrics.RocCurve(trainProbabilities, trainLabels),
            RocTest = BinaryMetrics.RocCurve(testProbabilities, testLabels),
            PrTest = BinaryMetrics.PrCurve(testProbabilities, testLabels),
            Threshold = threshold,
            Confusion = ConfusionMatrix.From(testProbabilities.Select(p => p >= threshold).ToArray(), testLabels),
            Calibration = BinaryMetrics.Calibration(testProbabilities, testLabels),
            TrainRows = TrainRows.Length,
            TestRows = TestRows.Length,
        };
    }

    /// <summary>
    /// Gain importance (tree models) and permutation importance on (a stratified sample of at most
    /// <paramref name="maxRows"/> rows of) the test split, both per source feature.
    /// </summary>
    public InterpretationReport Interpret(TrainedModel model, int maxRows = 5000, int permutations = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (permutations < 1) throw new UserFacingException($"permutations must be at least 1 (got {permutations})");
        var gain = (model.Metadata.GainImportance ?? [])
            .Select(kv => new FeatureImportance(kv.Key, kv.Value, 0))
            .OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList();
        var rows = StratifiedSplitter.Sample(TestRows, Table.Labels!, Math.Max(maxRows, 1), Seed + 3);
        return new InterpretationReport(model.Model, gain, PermutationImportance(model, rows, permutations), rows.Length);
    }

    private List<FeatureImportance> PermutationImportance(TrainedModel model, int[] rows, int permutations)
    {
        CheckColumns(model);
        if (model.Native is not null) return NativePermutationImportance(model, rows, permutations);
        var ml = new MLContext(Seed);
        var features = model.Preprocessor.Transform(Table.View(rows, model.InputColumns));
        var statistics = ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(
            model.Predictor, features, permutationCount: permutations);
        var plan = model.Metadata.Plan;
        var known = plan.Features.OrderByDescending(f => f.Length).ToList();
        var drops = new Dictionary<string, (double Drop, double Variance)>();
        foreach (var (slot, stats) in statistics)
        {
            var source = FeatureSlots.Resolve(slot, known).Source;
            var (drop, variance) = drops.GetValueOrDefault(source);
            var sd = double.IsFinite(stats.AreaUnderRocCurve.StandardDeviation) ? stats.AreaUnderRocCurve.StandardDeviation : 0;
            drops[source] = (drop - stats.AreaUnderRocCurve.Mean, variance + sd * sd);
        }
        return drops.Select(kv => new FeatureImportance(kv.Key, kv.Value.Drop, Math.Sqrt(kv.Value.Variance)))
            .OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Permutation importance of a LightGBM model of its C API: the drop in AUC when one feature's values are shuffled
    /// among the rows (seeded), averaged over <paramref name="permutations"/> shuffles, with their standard deviation.
    /// </summary>
    private List<FeatureImportance> NativePermutationImportance(TrainedModel model, int[] rows, int permutations)
    {
        var native = model.Native!;
        var matrix = native.Features.Build(Table, rows);
        var labels = rows.Select(r => Table.Labels![r]).ToArray();
        var baseline = RocAuc.Compute(native.ReferenceRawScores(matrix, Environment.ProcessorCount), labels);
        var names = native.Features.Names;
        var importances = new FeatureImportance[names.Length];
        for (var column = 0; column < names.Length; column++)
        {
            var drops = new double[permutations];
            var original = Enumerable.Range(0, matrix.Rows).Select(r => matrix.Values[r * matrix.Columns + column]).ToArray();
            for (var k = 0; k < permutations; k++)
            {
                // The column shuffled in place, then put back: one matrix for every feature and permutation.
                var order = Enumerable.Range(0, matrix.Rows).ToArray();
                new Random(Seed + 1000 * column + k).Shuffle(order);
                for (var r = 0; r < matrix.Rows; r++) matrix.Values[r * matrix.Columns + column] = original[order[r]];
                drops[k] = baseline - RocAuc.Compute(native.ReferenceRawScores(matrix, Environment.ProcessorCount), labels);
            }
            for (var r = 0; r < matrix.Rows; r++) matrix.Values[r * matrix.Columns + column] = original[r];
            var mean = drops.Average();
            var sd = permutations > 1 ? Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (permutations - 1)) : 0;
            importances[column] = new FeatureImportance(names[column], mean, sd);
        }
        return importances.OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Refits the same model family (and parameters) on its <paramref name="n"/> most important features (gain
    /// importance where the model has it, else permutation importance on a sample of the training part, so the test
    /// split stays unseen). A ratio feature keeps its two input columns as inputs, not as features.
    /// </summary>
    public TrainedModel SelectTopFeatures(TrainedModel model, int n)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (n < 1) throw new UserFacingException($"n must be at least 1 (got {n})");
        var ranking = model.Metadata.GainImportance is { Count: > 0 } gain
            ? gain.Select(kv => new FeatureImportance(kv.Key, kv.Value, 0)).OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList()
            : PermutationImportance(model, StratifiedSplitter.Sample(TrainRows, Table.Labels!, 5000, Seed + 4), 1);
        var top = ranking.Where(f => f.Importance > 0).Take(n).Select(f => f.Feature).ToList();
        if (top.Count == 0) top = ranking.Take(n).Select(f => f.Feature).ToList();
        Report($"SelectTopFeatures: refitting {model.Model} on {top.Count} features: {string.Join(", ", top)}");
        return CreateModel(ModelCatalog.Get(model.Model), model.Parameters ?? LightGbmParameters.Default, Plan.Restrict(top));
    }

    private (float[] Scores, float[] Probabilities) ScoreRows(TrainedModel model, int[] rows)
    {
        CheckColumns(model);
        var (scores, probabilities) = model.ScoreTable(Table, rows);
        return (scores.Select(s => (float)s).ToArray(), probabilities.Select(p => (float)p).ToArray());
    }

    private void CheckColumns(TrainedModel model)
    {
        var missing = model.InputColumns.Where(c => Table.Find(c) is null).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"the experiment's data has no column {NameList.Shorten(missing.Select(m => $"'{m}'"))}, which the {model.Model} model needs");
    }
}
