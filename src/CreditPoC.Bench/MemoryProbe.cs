using System.Diagnostics;
using System.Globalization;

namespace CreditPoC.Bench;

/// <summary>
/// The process's peak resident memory. On Linux the peak (VmHWM) can be reset by writing 5 to
/// /proc/self/clear_refs, so each step gets its own peak; elsewhere the peak only grows (PeakWorkingSet64).
/// The peak is process-wide: it includes what earlier steps still hold, so steps also report managed allocation.
/// </summary>
public sealed class MemoryProbe
{
    private double _runPeakMiB;

    /// <summary>The highest peak seen over the whole run, MiB.</summary>
    public double RunPeakMiB => Math.Max(_runPeakMiB, PeakMiB());

    /// <summary>Whether <see cref="Reset"/> really resets (Linux).</summary>
    public bool CanReset { get; } = OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Starts a new peak (keeping the run's highest).</summary>
    public void Reset()
    {
        _runPeakMiB = Math.Max(_runPeakMiB, PeakMiB());
        if (!CanReset) return;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not allowed here (some containers): the peak then covers the run so far.
        }
    }

    /// <summary>The peak resident memory since the last reset, MiB.</summary>
    public static double PeakMiB()
    {
        if (OperatingSystem.IsLinux() && File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                if (double.TryParse(kb, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value / 1024;
            }
        }
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }
}
