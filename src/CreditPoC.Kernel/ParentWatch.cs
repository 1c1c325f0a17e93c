using System.Diagnostics;

namespace CreditPoC.Kernel;

/// <summary>
/// Ends the kernel when the client that started it has gone (killed, crashed) without asking it to shut down, as
/// ipykernel does: jupyter_client names itself in <c>JPY_PARENT_PID</c> (a process id on Linux and macOS; on
/// Windows it is a handle, which this does not follow).
/// </summary>
internal static class ParentWatch
{
    public static Timer? Start(KernelLog log)
    {
        if (OperatingSystem.IsWindows() || !int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out var parent) || parent <= 1)
            return null;
        return new Timer(_ =>
        {
            if (IsAlive(parent)) return;
            log.Write($"the client that started this kernel (process {parent}) has gone; shutting down");
            Environment.Exit(0);
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
    }
}
