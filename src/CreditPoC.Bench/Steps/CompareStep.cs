using CreditPoC.Modeling;

namespace CreditPoC.Bench.Steps;

/// <summary>CompareModels: every model family, k-fold cross-validation on the training part.</summary>
internal sealed class CompareStep : IBenchStep
{
    public string Name => "compare";

    public string Description => "CompareModels, 5 models × k folds";

    public int Order => 100;

    public StepResult Run(BenchContext context)
    {
        var experiment = context.Experiment;
        Leaderboard? board = null;
        var timings = Measure.Run(context, context.Settings.HeavyRepeat, () => board = experiment.CompareModels(context.Settings.Models.Count == 0 ? null : context.Settings.Models), skipWarmUp: true);
        var figures = new Dictionary<string, double> { ["folds"] = experiment.Folds, ["workers"] = experiment.Workers };
        foreach (var row in board!.Rows)
        {
            figures[$"{row.Model}_auc"] = row.Auc.Mean;
            figures[$"{row.Model}_fold_train_s"] = row.TrainSeconds.Mean;
        }
        var notes = new List<string>
        {
            $"{board.Rows.Count} models × {experiment.Folds} folds on {experiment.TrainCount:N0} rows, {experiment.Workers} folds side by side; no warm-up (one run takes minutes)",
            "AUC: " + string.Join(", ", board.Rows.Select(r => $"{r.Model} {r.Auc.Mean:F4}")),
            "mean fit seconds per fold: " + string.Join(", ", board.Rows.Select(r => $"{r.Model} {r.TrainSeconds.Mean:F1}")),
        };
        return StepResults.From(this, timings, experiment.TrainCount, perRow: false, target: "≤ 15 min",
            met: timings.Median <= 15 * 60, figures: figures, notes: notes) with { Description = $"CompareModels, {board.Rows.Count} models × {experiment.Folds} folds" };
    }
}
