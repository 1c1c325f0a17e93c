namespace CreditPoC.Bench.Steps;

/// <summary>Builds a <see cref="StepResult"/> from the timings of a step.</summary>
internal static class StepResults
{
    public static StepResult From(IBenchStep step, Timings timings, long rows, bool perRow = true, string target = "report",
        bool? met = null, IReadOnlyDictionary<string, double>? figures = null, IReadOnlyList<string>? notes = null) => new()
    {
        Step = step.Name,
        Description = step.Description,
        Rows = rows,
        Seconds = timings.Seconds,
        CpuSeconds = timings.CpuSeconds,
        RowsPerSecond = perRow && timings.Median > 0 ? rows / timings.Median : null,
        PeakMiB = timings.PeakMiB,
        AllocatedMiB = timings.AllocatedMiB,
        Target = target,
        Met = met,
        Figures = figures ?? new Dictionary<string, double>(),
        Notes = notes ?? [],
    };

    public static StepResult Skipped(IBenchStep step, string reason, string target = "report") => new()
    {
        Step = step.Name, Description = step.Description, Skipped = reason, Target = target,
    };
}
