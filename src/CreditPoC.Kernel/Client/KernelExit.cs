using System.Globalization;

namespace CreditPoC.Kernel.Client;

/// <summary>Says how a kernel process ended, for the error of the cell it ended in.</summary>
internal static class KernelExit
{
    private static readonly Dictionary<int, string> Signals = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
        [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [15] = "SIGTERM",
    };

    /// <summary>"exit code 134 (SIGABRT)": .NET reports a process ended by signal N as exit code 128 + N.</summary>
    public static string Code(int exitCode) =>
        exitCode > 128 && Signals.TryGetValue(exitCode - 128, out var signal)
            ? string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode} ({signal})")
            : string.Create(CultureInfo.InvariantCulture, $"exit code {exitCode}");

    /// <summary>
    /// Why it ended, from the last lines it wrote to standard error: the runtime's "Stack overflow." or "Unhandled
    /// exception. …" line; null when neither is there.
    /// </summary>
    public static string? Cause(IReadOnlyList<string> stderrTail)
    {
        var unhandled = stderrTail.FirstOrDefault(l => l.StartsWith("Unhandled exception.", StringComparison.Ordinal));
        if (unhandled is not null) return unhandled.Trim();
        if (stderrTail.Any(l => l.Contains("Stack overflow", StringComparison.Ordinal))) return "Stack overflow.";
        return null;
    }

    /// <summary>The message of the cell a kernel died in.</summary>
    public static string Describe(int exitCode, IReadOnlyList<string> stderrTail, bool beforeTheCell = false)
    {
        var how = Code(exitCode);
        var cause = Cause(stderrTail);
        var hint = cause is not null ? $": {cause}"
            : exitCode == 0 ? ": code in the notebook ended the process (Environment.Exit?)"
            : exitCode == 137 ? ": it was killed (out of memory, or by hand)"
            : "";
        return $"the kernel process died {(beforeTheCell ? "before the cell ran" : "while the cell ran")} ({how}){hint}";
    }
}
