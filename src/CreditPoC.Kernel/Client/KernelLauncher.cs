namespace CreditPoC.Kernel.Client;

/// <summary>
/// The command that starts this build's kernel: the .NET host, <c>CreditPoC.Cli.dll</c> from the application folder and
/// the <c>kernel</c> verb (the kernelspec writes the same). <c>-f CONNECTION_FILE</c> follows.
/// </summary>
public static class KernelLauncher
{
    public const string CliAssembly = "CreditPoC.Cli.dll";

    /// <summary><c>dotnet /app/CreditPoC.Cli.dll kernel</c>.</summary>
    public static IReadOnlyList<string> Default() => [DotnetHost(), Path.Combine(AppContext.BaseDirectory, CliAssembly), "kernel"];

    /// <summary>The <c>dotnet</c> that runs this process, else the one DOTNET_HOST_PATH or PATH names.</summary>
    public static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")).FirstOrDefault(File.Exists);
        return onPath ?? "dotnet";
    }
}
