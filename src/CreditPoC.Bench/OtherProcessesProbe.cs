using System.Globalization;

namespace CreditPoC.Bench;

/// <summary>
/// How many cores other processes kept busy over a short sample: the machine's busy time (/proc/stat) minus this
/// process's own (/proc/self/stat). Unlike the load average, which still counts the benchmark's own threads for a
/// minute after a parallel step, it says whether anyone else competed for the cores when a step began.
/// </summary>
internal static class OtherProcessesProbe
{
    /// <summary>Cores busy with other processes over <paramref name="window"/>, or null where /proc is missing.</summary>
    public static double? CoresBusy(TimeSpan window)
    {
        if (Busy() is not { } start) return null;
        Thread.Sleep(window);
        if (Busy() is not { } end) return null;
        var elapsedTicks = window.TotalSeconds * 100; // USER_HZ, 100 on Linux
        return Math.Max(0, (end.Machine - start.Machine - (end.Own - start.Own)) / elapsedTicks);
    }

    private static (long Machine, long Own)? Busy()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal …: all but idle and iowait are busy.
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var machine = cpu.Take(8).Sum() - cpu[3] - cpu[4];
            // After the command name in parentheses: state is field 3, utime and stime are fields 14 and 15.
            var self = File.ReadAllText("/proc/self/stat");
            var fields = self[(self.LastIndexOf(')') + 2)..].Split(' ');
            var own = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (machine, own);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException
                                       or InvalidOperationException)
        {
            return null;
        }
    }
}
