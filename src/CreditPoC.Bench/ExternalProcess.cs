using System.Diagnostics;

namespace CreditPoC.Bench;

/// <summary>Runs another program (python, jupyter, a fresh creditpoc) and waits for it.</summary>
public static class ExternalProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error, double Seconds);

    public static Outcome Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout ?? TimeSpan.FromMinutes(10)}");
        }
        process.WaitForExit();
        return new Outcome(process.ExitCode, output.Result, error.Result, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Whether the program runs and exits 0 with these arguments (false when it is not installed).</summary>
    public static bool Works(string fileName, params string[] arguments)
    {
        try
        {
            return Run(fileName, arguments, timeout: TimeSpan.FromMinutes(1)).ExitCode == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The first of the candidates that runs with the arguments, or null.</summary>
    public static string? FindWorking(IEnumerable<string> candidates, params string[] arguments) =>
        candidates.Distinct().FirstOrDefault(c => Works(c, arguments));
}
