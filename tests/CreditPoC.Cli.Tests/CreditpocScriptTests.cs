using System.Diagnostics;

namespace CreditPoC.Cli.Tests;

/// <summary>
/// The <c>./creditpoc</c> script's staleness check, on a copy of the script in a fake checkout with a fake dotnet
/// that records its calls: it publishes (ReadyToRun) when a source is newer than the published dll, never for what builds write
/// under obj/ and bin/, and once built it does not build again.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)]
public sealed class CreditpocScriptTests
{
    private static readonly DateTime Built = DateTime.UtcNow.AddHours(-1);

    [TestMethod]
    public void FilesThatBuildsWriteUnderObjAndBinDoNotTriggerABuild()
    {
        using var temp = new TempFolder();
        var checkout = FakeCheckout(temp);
        Write(checkout, "src/CreditPoC.Cli/obj/Debug/net10.0/CreditPoC.Cli.AssemblyInfo.cs", DateTime.UtcNow);
        Write(checkout, "src/CreditPoC.Notebooks/bin/Debug/net10.0/Rendering/plotly.min.js", DateTime.UtcNow);

        var (error, calls) = Run(temp, checkout, "--version");

        Assert.DoesNotContain("building creditpoc", error);
        CollectionAssert.AreEqual(new[] { $"{Dll(checkout)} --version" }, calls);
    }

    [TestMethod]
    public void AChangedSourceBuildsOnceAndTheNextCallRunsAtOnce()
    {
        using var temp = new TempFolder();
        var checkout = FakeCheckout(temp);
        Write(checkout, "src/CreditPoC/Changed.cs", DateTime.UtcNow);

        var (error, calls) = Run(temp, checkout, "--version");
        Assert.Contains("building creditpoc", error);
        Assert.HasCount(2, calls);
        StringAssert.StartsWith(calls[0], "publish ");
        StringAssert.Contains(calls[0], "-p:PublishReadyToRun=true");

        // The fake build, like an incremental build that had nothing to recompile, leaves the dll as it was.
        (error, calls) = Run(temp, checkout, "--version");
        Assert.DoesNotContain("building creditpoc", error);
        Assert.HasCount(1, calls);
    }

    /// <summary>The script, a source tree older than the Release dll, and the props files beside them.</summary>
    private static string FakeCheckout(TempFolder temp)
    {
        var checkout = temp.File("repo");
        Directory.CreateDirectory(checkout);
        File.Copy(RepoRoot.File("creditpoc"), Path.Combine(checkout, "creditpoc"));
        foreach (var source in new[] { "Directory.Build.props", "Directory.Packages.props", "src/CreditPoC/Library.cs", "src/CreditPoC.Cli/CreditPoC.Cli.csproj" })
            Write(checkout, source, Built.AddMinutes(-5));
        Write(checkout, "src/CreditPoC.Cli/bin/ReadyToRun/CreditPoC.Cli.dll", Built);
        return checkout;
    }

    private static string Dll(string checkout) => Path.Combine(checkout, "src/CreditPoC.Cli/bin/ReadyToRun/CreditPoC.Cli.dll");

    private static void Write(string checkout, string relative, DateTime modified)
    {
        var path = Path.Combine(checkout, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        File.SetLastWriteTimeUtc(path, modified);
    }

    /// <summary>Runs <c>bash creditpoc ARGS</c> with a fake dotnet first on PATH; returns stderr and the fake's calls.</summary>
    private static (string Error, List<string> Calls) Run(TempFolder temp, string checkout, params string[] args)
    {
        var bin = temp.File("bin");
        var calls = temp.File("calls.txt");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "dotnet"), $"#!/bin/sh\necho \"$*\" >> '{calls}'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.Delete(calls);

        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(checkout, "creditpoc"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        Assert.AreEqual(0, process.ExitCode, error);
        return (error, File.Exists(calls) ? File.ReadAllLines(calls).ToList() : []);
    }
}
