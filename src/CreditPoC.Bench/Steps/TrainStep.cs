using CreditPoC.Modeling;

namespace CreditPoC.Bench.Steps;

/// <summary>LightGBM with fixed (default) parameters: up to 1,000 rounds, early stopping after 50 without gain.</summary>
internal sealed class TrainStep : IBenchStep
{
    public string Name => "train";

    public string Description => "LightGBM training, fixed parameters, ≤ 1,000 rounds with early stopping (CreateModel)";

    public int Order => 50;

    public StepResult Run(BenchContext context)
    {
        var experiment = context.Experiment;
        var parameters = LightGbmParameters.Default;
        TrainedModel? model = null;
        // Warm-up on a small sample: it JITs the same code without spending another full fit.
        var timings = Measure.Run(context, context.Settings.Repeat,
            () => model = experiment.CreateModel("lightgbm", parameters),
            warmUp: () => context.Setup(context.Data, Math.Min(5000, (int)context.Data.Rows.Count)).CreateModel("lightgbm", parameters));
        context.Model = model!;
        var evaluation = experiment.Evaluate(model!);
        var figures = new Dictionary<string, double>
        {
            ["rounds"] = model!.Rounds ?? 0,
            ["test_auc"] = evaluation.TestAuc,
            ["train_rows"] = experiment.TrainCount,
        };
        if (context.SetupSeconds is { } setup) figures["setup_s"] = setup;
        return StepResults.From(this, timings, experiment.TrainCount, figures: figures,
            notes: [$"{model.Rounds} rounds; test AUC {evaluation.TestAuc:F4}; parameters {parameters}; {experiment.LightGbmThreads} thread(s) (LightGBM's C API); " +
                    $"{experiment.TrainCount:N0} training rows (80% of them fit, 20% early stopping)" +
                    (context.SetupSeconds is { } s ? $"; Experiment.Setup {s:F1} s" : "")]);
    }
}
