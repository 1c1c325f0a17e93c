using CreditPoC.Data;

namespace CreditPoC.Bench.Steps;

/// <summary>Generates the Home-Credit-like data when the file is absent (one run: it writes the file).</summary>
internal sealed class GenerateStep : IBenchStep
{
    public string Name => "generate";

    public string Description => "generate the data (HomeCreditGenerator), when absent";

    public int Order => 10;

    public StepResult Run(BenchContext context)
    {
        var settings = context.Settings;
        if (File.Exists(settings.DataPath))
            return StepResults.Skipped(this, $"data present at {settings.DataPath}: not regenerated");
        var timings = Measure.Run(context, 1, () =>
            HomeCreditGenerator.Generate(settings.DataPath, settings.Rows, settings.Seed, overwrite: false), skipWarmUp: true);
        return StepResults.From(this, timings, settings.Rows, notes: [$"seed {settings.Seed}; one run (it writes the file)"]);
    }
}
