using System.Diagnostics;
using CreditPoC.Exploration;
using CreditPoC.Validation;

namespace CreditPoC.Bench.Steps;

/// <summary>DataValidator.Validate + DataProfiler.Profile on the loaded table (library calls, no notebook).</summary>
internal sealed class ValidateProfileStep : IBenchStep
{
    public string Name => "validate";

    public string Description => "data validation + EDA profile (DataValidator.Validate + DataProfiler.Profile)";

    public int Order => 30;

    public StepResult Run(BenchContext context)
    {
        var data = context.Data;
        var schema = context.Schema;
        var validation = new ValidationOptions(context.Target, context.PositiveLabel) { IdColumn = schema.IdColumn, Schema = schema };
        var profile = new ProfileOptions { Target = context.Target, PositiveLabel = context.PositiveLabel, IdColumn = schema.IdColumn, Schema = schema };
        var validateSeconds = new List<double>();
        var profileSeconds = new List<double>();
        var issues = 0;
        var timings = Measure.Run(context, context.Settings.Repeat, () =>
        {
            var clock = Stopwatch.StartNew();
            var report = DataValidator.Validate(data, validation, context.Settings.DataPath);
            validateSeconds.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            DataProfiler.Profile(data, profile, context.Settings.DataPath);
            profileSeconds.Add(clock.Elapsed.TotalSeconds);
            issues = report.Issues.Count;
        });
        // The warm-up run also recorded its parts: keep the measured runs only.
        var measured = timings.Seconds.Count;
        var figures = new Dictionary<string, double>
        {
            ["validate_median_s"] = Stats.Median(validateSeconds.TakeLast(measured).ToList()),
            ["profile_median_s"] = Stats.Median(profileSeconds.TakeLast(measured).ToList()),
            ["validation_issues"] = issues,
        };
        return StepResults.From(this, timings, data.Rows.Count, target: "≤ 30 s", met: timings.Median <= 30, figures: figures,
            notes: [$"validate {figures["validate_median_s"]:F2} s + profile {figures["profile_median_s"]:F2} s (medians)"]);
    }
}
