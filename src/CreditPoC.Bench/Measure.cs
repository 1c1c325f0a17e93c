using System.Diagnostics;

namespace CreditPoC.Bench;

/// <summary>Wall times and managed allocation of repeated runs of one piece of work.</summary>
/// <param name="CpuSeconds">Processor time of the whole process per run (all threads): on a busy machine it shows the
/// work done, where wall time also counts the waiting for a core.</param>
public sealed record Timings(IReadOnlyList<double> Seconds, double AllocatedMiB, double PeakMiB, IReadOnlyList<double> CpuSeconds)
{
    public double Median => Stats.Median(Seconds);
}

/// <summary>Runs work once to warm up (JIT, caches, file cache), then <c>repeat</c> times under a stopwatch.</summary>
public static class Measure
{
    /// <summary>
    /// Times <paramref name="run"/> <paramref name="repeat"/> times after <paramref name="warmUp"/> (the same work
    /// when null; none when <paramref name="skipWarmUp"/> or the settings turn warm-ups off). A full collection before each run keeps one run's
    /// garbage out of the next; the peak memory covers the measured runs. <paramref name="beforeEach"/> runs before
    /// that collection, untimed: a step drops the previous run's result there, so that two copies never count.
    /// </summary>
    public static Timings Run(BenchContext context, int repeat, Action run, Action? warmUp = null, bool skipWarmUp = false, Action? beforeEach = null)
    {
        var memory = context.Memory;
        if (!skipWarmUp && context.Settings.WarmUp) (warmUp ?? run)();
        beforeEach?.Invoke();
        var seconds = new List<double>();
        var allocated = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        Collect();
        memory.Reset();
        for (var i = 0; i < Math.Max(1, repeat); i++)
        {
            beforeEach?.Invoke();
            Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            run();
            seconds.Add(clock.Elapsed.TotalSeconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - before) / 1024.0 / 1024.0);
        }
        return new Timings(seconds, Stats.Median(allocated), MemoryProbe.PeakMiB(), cpu);
    }

    public static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
