using System.Diagnostics;
using CreditPoC.Modeling.Tuning;

namespace CreditPoC.Bench.Steps;

/// <summary>TuneModel with TPE against random search with the same number of trials.</summary>
internal sealed class TuneStep : IBenchStep
{
    public string Name => "tune";

    public string Description => "TuneModel (TPE) vs random search, same trials";

    public int Order => 110;

    public StepResult Run(BenchContext context)
    {
        var experiment = context.Experiment;
        var trials = context.Settings.Trials;
        TuningResult? tpe = null;
        var timings = Measure.Run(context, context.Settings.HeavyRepeat, () => tpe = experiment.TuneModel("lightgbm", trials, searcher: "tpe"), skipWarmUp: true);
        var clock = Stopwatch.StartNew();
        var random = experiment.TuneModel("lightgbm", trials, searcher: "random");
        var randomSeconds = clock.Elapsed.TotalSeconds;
        var tpeAuc = tpe!.BestTrial.ValidationAuc;
        var randomAuc = random.BestTrial.ValidationAuc;
        var figures = new Dictionary<string, double>
        {
            ["trials"] = trials,
            ["workers"] = experiment.Workers,
            ["tpe_best_auc"] = tpeAuc,
            ["random_best_auc"] = randomAuc,
            ["random_s"] = randomSeconds,
            ["tpe_best_rounds"] = tpe.BestTrial.Rounds,
        };
        var met = timings.Median <= 20 * 60 && tpeAuc >= randomAuc;
        return StepResults.From(this, timings, experiment.TrainCount, perRow: false, target: "≤ 20 min and best AUC ≥ random search's",
            met: met, figures: figures, notes:
            [
                $"{trials} trials each, validation AUC: TPE best {tpeAuc:F4} (trial {tpe.BestTrial.Number}), random best {randomAuc:F4} " +
                $"(trial {random.BestTrial.Number}); random search took {randomSeconds:F0} s; seconds in the table are TPE's; no warm-up",
                $"{experiment.Workers} trials side by side (batches of {experiment.Workers}, each fit single-threaded); TPE's trials depend on this number",
            ]) with { Description = $"TuneModel, {trials} trials (TPE) vs random search with the same {trials}" };
    }
}
