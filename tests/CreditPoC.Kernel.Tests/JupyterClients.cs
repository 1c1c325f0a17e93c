using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.Tests;

/// <summary>
/// The real Jupyter clients (Debian's python3-jupyter-client and python3-nbclient) driving the kernel: the
/// kernelspec is installed once into a temporary prefix with <c>creditpoc kernel install --prefix</c>, and scripts
/// under Clients/ run with <c>JUPYTER_PATH</c> pointing there. They print JSON; the tests assert on it.
/// </summary>
[TestClass]
public static class JupyterClients
{
    public const string KernelName = ".net-csharp";
    private static readonly Lazy<string?> PythonWithJupyter = new(FindPython);
    private static TempFolder? _prefix;

    public static string Prefix => _prefix?.Path ?? throw new InvalidOperationException("the kernelspec is not installed");

    public static string JupyterPath => System.IO.Path.Combine(Prefix, "share", "jupyter");

    /// <summary>The library as notebooks reference it; the kernel uses its own carried copy of the same assembly.</summary>
    public static string LibraryDll => System.IO.Path.Combine(AppContext.BaseDirectory, "CreditPoC.dll");

    [AssemblyInitialize]
    public static void InstallKernelSpec(TestContext _)
    {
        _prefix = new TempFolder();
        var (code, output, error) = CliRunner.Run("kernel", "install", "--prefix", _prefix.Path);
        Assert.AreEqual(0, code, output + error);
    }

    [AssemblyCleanup]
    public static void RemoveKernelSpec() => _prefix?.Dispose();

    /// <summary>Runs a client script and returns the JSON it printed; inconclusive where the clients are not installed (a failure in CI).</summary>
    public static JsonObject Run(string script, TimeSpan limit, params string[] args) =>
        Run(script, limit, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Run(string, TimeSpan, string[])"/>, with extra environment variables (which the kernel process inherits).</summary>
    public static JsonObject Run(string script, TimeSpan limit, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var python = RequirePython();
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "Clients", script));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["JUPYTER_PATH"] = JupyterPath;
        info.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} {string.Join(' ', args)} did not finish within {limit}\n{stderr.Result}");
        }
        Assert.AreEqual(0, process.ExitCode, $"{script} {string.Join(' ', args)} failed:\n{stderr.Result}");
        var json = stdout.Result.Trim().Split('\n')[^1];
        return JsonNode.Parse(json)!.AsObject();
    }

    public static string RequirePython()
    {
        if (PythonWithJupyter.Value is { } python) return python;
        var message = "python3 with jupyter_client and nbclient is not installed (apt-get install -y python3-jupyter-client python3-nbclient jupyter-console)";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))) Assert.Fail(message);
        Assert.Inconclusive(message);
        return "";
    }

    private static string? FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var info = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                info.ArgumentList.Add("-c");
                info.ArgumentList.Add("import jupyter_client, nbclient, nbformat");
                using var process = Process.Start(info)!;
                process.WaitForExit();
                if (process.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under this name
            }
        }
        return null;
    }
}
