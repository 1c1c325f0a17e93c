namespace CreditPoC.Bench;

/// <summary>The measured figures of one step: wall times of each run, memory, and what it is checked against.</summary>
public sealed record StepResult
{
    public required string Step { get; init; }
    public required string Description { get; init; }
    public long Rows { get; init; }
    /// <summary>Wall seconds of each measured run (warm-up excluded).</summary>
    public IReadOnlyList<double> Seconds { get; init; } = [];
    public double? Median => Seconds.Count == 0 ? null : Stats.Median(Seconds);
    public double? Min => Seconds.Count == 0 ? null : Seconds.Min();
    public double? Max => Seconds.Count == 0 ? null : Seconds.Max();
    /// <summary>Processor seconds of the process per measured run (all threads).</summary>
    public IReadOnlyList<double> CpuSeconds { get; init; } = [];
    public double? CpuMedian => CpuSeconds.Count == 0 ? null : Stats.Median(CpuSeconds);
    /// <summary>Rows per second at the median, where it applies.</summary>
    public double? RowsPerSecond { get; init; }
    /// <summary>Peak resident memory of the process during the step (VmHWM after a reset at its start), MiB.</summary>
    public double? PeakMiB { get; init; }
    /// <summary>Managed bytes allocated by one run (median), MiB.</summary>
    public double? AllocatedMiB { get; init; }
    public string Target { get; init; } = "report";
    /// <summary>Whether the target was met; null when there is no target or it could not be checked.</summary>
    public bool? Met { get; init; }
    /// <summary>Extra figures (rounds, AUCs, ratios, latencies) as name → value.</summary>
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>Why the step did not run, when it did not.</summary>
    public string? Skipped { get; init; }
}

/// <summary>Small statistics for timings.</summary>
public static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 0.5);

    /// <summary>The nearest-rank percentile (p in 0..1) of the values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.OrderBy(v => v).ToArray();
        if (p == 0.5 && sorted.Length % 2 == 0) return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
