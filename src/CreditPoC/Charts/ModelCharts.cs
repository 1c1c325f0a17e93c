using System.Globalization;
using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;
using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>
/// Charts of model results: ROC curves, the tuning history, feature and parameter importance. Like
/// <see cref="CreditCharts"/>, they carry aggregates only: a ROC curve is simplified to the points needed to draw it.
/// </summary>
public static class ModelCharts
{
    /// <summary>Points closer than this (in FPR/TPR units) to the last kept point are dropped from a drawn ROC curve.</summary>
    public const double DefaultRocResolution = 0.01;

    /// <summary>One ROC curve per leaderboard model, from its pooled out-of-fold scores; the legend gives each AUC (mean ± sd).</summary>
    public static GenericChart RocCurves(Leaderboard leaderboard)
    {
        ArgumentNullException.ThrowIfNull(leaderboard);
        return RocCurves(leaderboard.Rows.Select(r => ($"{r.Name} (AUC {r.Auc})", r.OutOfFoldRoc)).ToList(),
            $"ROC curves, out of fold ({leaderboard.Folds}-fold CV on {leaderboard.TrainRows:N0} rows)");
    }

    /// <summary>ROC on the training part and on the test split of one model, with their AUCs and gap in the title.</summary>
    public static GenericChart RocTrainTest(EvaluationReport evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return RocCurves(
            [
                ($"train ({evaluation.TrainRows:N0} rows), AUC {F4(evaluation.TrainAuc)}", evaluation.RocTrain),
                ($"test ({evaluation.TestRows:N0} rows), AUC {F4(evaluation.TestAuc)}", evaluation.RocTest),
            ],
            $"{ModelCatalog.Get(evaluation.Model).Name}: ROC on train and test (AUC gap {F4(evaluation.AucGap)})");
    }

    /// <summary>Named ROC curves in one chart, each simplified for drawing, with the diagonal of a random score.</summary>
    public static GenericChart RocCurves(IReadOnlyList<(string Name, IReadOnlyList<RocPoint> Points)> curves, string title)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("at least one ROC curve is needed", nameof(curves));
        var traces = curves.Select(curve =>
        {
            var points = SimplifyRoc(curve.Points);
            return Figure.Trace("scatter", ("x", points.Select(p => Round(p.FalsePositiveRate)).ToArray()),
                ("y", points.Select(p => Round(p.TruePositiveRate)).ToArray()), ("mode", "lines"), ("name", curve.Name));
        }).ToList();
        traces.Add(Figure.Trace("scatter", ("x", new[] { 0.0, 1.0 }), ("y", new[] { 0.0, 1.0 }), ("mode", "lines"),
            ("line", new { dash = "dash", color = "gray", width = 1 }), ("name", "random (AUC 0.5)")));
        var layout = Figure.Layout(title, "false positive rate (good payers flagged)", "true positive rate (defaulters caught)");
        layout.SetProperty("xaxis", new { title = new { text = "false positive rate (good payers flagged)" }, range = new[] { 0, 1 } });
        layout.SetProperty("yaxis", new { title = new { text = "true positive rate (defaulters caught)" }, range = new[] { 0, 1.02 } });
        layout.SetProperty("legend", new { x = 0.45, y = 0.05, bgcolor = "rgba(255,255,255,0.8)" });
        layout.SetProperty("width", 760);
        layout.SetProperty("height", 600);
        return Figure.Chart(traces, layout);
    }

    /// <summary>
    /// The points needed to draw a ROC curve: the first and last, and every point at least <paramref name="resolution"/>
    /// (Euclidean, in rate units) from the previous kept one. Steep and flat parts keep their shape, unlike taking every
    /// k-th point.
    /// </summary>
    public static IReadOnlyList<RocPoint> SimplifyRoc(IReadOnlyList<RocPoint> points, double resolution = DefaultRocResolution)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count <= 2) return points;
        var kept = new List<RocPoint> { points[0] };
        for (var i = 1; i < points.Count - 1; i++)
        {
            var last = kept[^1];
            var dx = points[i].FalsePositiveRate - last.FalsePositiveRate;
            var dy = points[i].TruePositiveRate - last.TruePositiveRate;
            if (dx * dx + dy * dy >= resolution * resolution) kept.Add(points[i]);
        }
        kept.Add(points[^1]);
        return kept;
    }

    /// <summary>Each trial's validation AUC (dots) and the best so far (a step line), against the trial number.</summary>
    public static GenericChart TrialHistory(TuningResult tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        return TrialHistory(tuning.Trials, $"Tuning LightGBM: {tuning.Trials.Count} trials of {tuning.Searcher} search");
    }

    /// <summary>Each trial's validation AUC and the best so far, against the trial number.</summary>
    public static GenericChart TrialHistory(IReadOnlyList<TrialRecord> trials, string title)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var numbers = trials.Select(t => t.Number).ToArray();
        var traces = new[]
        {
            Figure.Trace("scatter", ("x", numbers), ("y", trials.Select(t => Finite(t.ValidationAuc)).ToArray()),
                ("mode", "markers"), ("name", "trial's validation AUC"), ("marker", new { size = 7, color = "#9aa9bf" })),
            Figure.Trace("scatter", ("x", numbers), ("y", trials.Select(t => Finite(t.BestSoFar)).ToArray()),
                ("mode", "lines+markers"), ("line", new { shape = "hv", width = 2, color = "#d62728" }), ("name", "best so far")),
        };
        var layout = Figure.Layout(title, "trial", "validation AUC");
        layout.SetProperty("xaxis", trials.Count <= 30
            ? new { title = new { text = "trial" }, dtick = 1 }
            : (object)new { title = new { text = "trial" } });
        // Above the plot: inside it, the legend would hide trials.
        layout.SetProperty("legend", new { orientation = "h", x = 0, y = 1.02, yanchor = "bottom" });
        layout.SetProperty("width", 760);
        layout.SetProperty("height", 440);
        return Figure.Chart(traces, layout);
    }

    /// <summary>The share of importance of each tuned parameter (see <see cref="ParameterImportance"/>), largest on top.</summary>
    public static GenericChart ParameterImportance(TuningResult tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        var ranked = tuning.ParameterImportance;
        return CreditCharts.ValueBars("Importance of each parameter (|Spearman| with validation AUC, as shares)",
            ranked.Select(p => p.Key).ToList(), ranked.Select(p => p.Value).ToList(), "share of importance");
    }

    /// <summary>Horizontal bars of the <paramref name="top"/> most important features, largest on top.</summary>
    /// <param name="title">The chart title.</param>
    /// <param name="importance">Gain shares or permutation AUC drops, in any order.</param>
    /// <param name="valueTitle">What the values are (axis title).</param>
    /// <param name="top">How many features to show.</param>
    public static GenericChart Importance(string title, IReadOnlyList<FeatureImportance> importance, string valueTitle, int top = 20)
    {
        ArgumentNullException.ThrowIfNull(importance);
        if (top < 1) throw new ArgumentException("top must be at least 1", nameof(top));
        var shown = importance.OrderByDescending(f => f.Importance).ThenBy(f => f.Feature, StringComparer.Ordinal).Take(top).ToList();
        return CreditCharts.ValueBars(title, shown.Select(f => f.Feature).ToList(), shown.Select(f => Round(f.Importance)).ToList(), valueTitle);
    }

    /// <summary>Gain importance of a tree model (share of total split gain per feature); an error for a model without it.</summary>
    public static GenericChart GainImportance(TrainedModel model, int top = 20)
    {
        ArgumentNullException.ThrowIfNull(model);
        var gain = model.Metadata.GainImportance
                   ?? throw new UserFacingException($"the {model.Name} model has no gain importance (only tree models have it)");
        return Importance($"{model.Name}: gain importance (top {Math.Min(top, gain.Count)} features)",
            gain.Select(kv => new FeatureImportance(kv.Key, kv.Value, 0)).ToList(), "share of total split gain", top);
    }

    /// <summary>Permutation importance from an interpretation report: AUC lost when a feature is shuffled.</summary>
    public static GenericChart PermutationImportance(InterpretationReport report, int top = 20) =>
        Importance($"{ModelCatalog.Get(report.Model).Name}: permutation importance on {report.PermutationRows:N0} test rows (top {Math.Min(top, report.Permutation.Count)})",
            report.Permutation, "test AUC lost when the feature is shuffled", top);

    private static double Round(double value) => Math.Round(value, 5);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
