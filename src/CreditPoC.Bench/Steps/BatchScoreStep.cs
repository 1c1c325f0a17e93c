namespace CreditPoC.Bench.Steps;

/// <summary>TrainedModel.Predict on every loaded row.</summary>
internal sealed class BatchScoreStep : IBenchStep
{
    public const double TargetRowsPerSecond = 200_000;

    public string Name => "score";

    public string Description => "batch scoring (TrainedModel.Predict on all rows)";

    public int Order => 60;

    public StepResult Run(BenchContext context)
    {
        var model = context.Model;
        var data = context.Data;
        double[]? scores = null;
        var timings = Measure.Run(context, context.Settings.Repeat, () => scores = model.Predict(data));
        var perSecond = data.Rows.Count / timings.Median;
        return StepResults.From(this, timings, data.Rows.Count, target: "≥ 200,000 rows/s", met: perSecond >= TargetRowsPerSecond,
            figures: new Dictionary<string, double> { ["mean_probability"] = scores!.Average(), ["rounds"] = model.Rounds ?? 0 },
            notes: [$"LightGBM model with {model.Rounds} rounds; {model.InputColumns.Count} input columns; scored by the {model.LastScoringPath.ToString().ToLowerInvariant()} path" +
                    (model.LastScoringPath == CreditPoC.Modeling.ScoringPath.Compiled ? " (flat trees from LightGBM's model text, checked against LightGBM's PredictForMat)" : "")]);
    }
}
