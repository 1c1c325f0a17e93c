using CreditPoC.Scorecards;

namespace CreditPoC.Bench.Steps;

/// <summary>The scorecard's binning of every characteristic (BinningProcess.Fit: binning, IV, selection) on the loaded table.</summary>
internal sealed class ScorecardBinningStep : IBenchStep
{
    public string Name => "binning";

    public string Description => "scorecard binning of every characteristic with IV and selection (BinningProcess.Fit)";

    public int Order => 45;

    public StepResult Run(BenchContext context)
    {
        BinningProcess? process = null;
        var timings = Measure.Run(context, context.Settings.Repeat,
            () => process = BinningProcess.Fit(context.Data, context.Target, context.PositiveLabel, context.Schema),
            beforeEach: () => process = null);
        var figures = new Dictionary<string, double>
        {
            ["characteristics"] = process!.Characteristics.Count,
            ["selected"] = process.Choices.Count(c => c.Selected),
            ["top_iv"] = process.Choices[0].Iv,
        };
        return StepResults.From(this, timings, (int)context.Data.Rows.Count, target: "≤ 10 s", met: timings.Median <= 10, figures: figures,
            notes: [$"strongest: {string.Join(", ", process.Choices.Take(3).Select(c => $"{c.Name} IV {c.Iv:F3}"))}"]);
    }
}
