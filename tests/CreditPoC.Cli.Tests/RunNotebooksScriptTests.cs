using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace CreditPoC.Cli.Tests;

/// <summary>
/// run-notebooks.ps1 in a hosted PowerShell engine (System.Management.Automation), with a fake dotnet that
/// records its arguments and exits with a chosen code. The hosted engine has only the core language and
/// native commands, like the script promises to need.
/// </summary>
[TestClass]
[OSCondition(OperatingSystems.Linux | OperatingSystems.OSX)] // the fake dotnet is a shell script
public sealed class RunNotebooksScriptTests
{
    private static readonly string Script = Path.Combine(RepoRoot.Path, "run-notebooks.ps1");

    /// <summary>Runs the script; returns its output, its exit code and the fake dotnet's calls (one argument per line).</summary>
    private static (List<string> Output, int ExitCode, List<List<string>> Calls, Exception? Error) Invoke(TempFolder temp, IDictionary parameters, int runExitCode = 0)
    {
        var calls = temp.File("calls.txt");
        var fake = temp.File("fake-dotnet.sh");
        File.WriteAllText(fake, $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{calls}'; done\necho '---' >> '{calls}'\n" +
                                $"if [ \"$1\" = publish ]; then exit 0; fi\nexit {runExitCode}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var state = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(temp.Path);
        using var shell = PowerShell.Create(runspace);
        shell.AddScript("$env:CREDITPOC_DOTNET = $args[0]").AddArgument(fake).Invoke(); // the process environment: one test class uses it
        shell.Commands.Clear();
        shell.AddCommand(Script);
        foreach (DictionaryEntry entry in parameters) shell.AddParameter((string)entry.Key, entry.Value);
        var output = new List<string>();
        Exception? error = null;
        try
        {
            output.AddRange(shell.Invoke().Select(o => o?.ToString() ?? ""));
            if (shell.Streams.Error.Count > 0) error = shell.Streams.Error[0].Exception;
        }
        catch (RuntimeException e)
        {
            error = e;
        }
        var exitCode = runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int value ? value : -1;
        var recorded = File.Exists(calls)
            ? File.ReadAllText(calls).Split("---\n", StringSplitOptions.RemoveEmptyEntries).Select(c => c.TrimEnd('\n').Split('\n').ToList()).ToList()
            : [];
        return (output, exitCode, recorded, error);
    }

    [TestMethod]
    public void ItBuildsOnceInReleaseThenRunsThePipelineForTheDate()
    {
        using var temp = new TempFolder();
        var root = RepoRoot.Path;
        var (_, exitCode, calls, error) = Invoke(temp, new Hashtable { ["Date"] = "20210131", ["Parameters"] = new Hashtable { ["SEED"] = 7, ["COLUMNS"] = new[] { "A", "B" } } });
        Assert.IsNull(error, error?.Message);
        Assert.AreEqual(0, exitCode);
        Assert.HasCount(2, calls);
        CollectionAssert.AreEqual(new[] { "publish", Path.Combine(root, "src", "CreditPoC.Cli"), "-c", "Release", "-p:PublishReadyToRun=true", "-o", Path.Combine(root, "src", "CreditPoC.Cli", "bin", "ReadyToRun"), "--nologo", "-v", "quiet" }, calls[0]);
        CollectionAssert.AreEqual(new[]
        {
            Path.Combine(root, "src", "CreditPoC.Cli", "bin", "ReadyToRun", "CreditPoC.Cli.dll"),
            "pipeline", "--date", "2021-01-31", "--file", Path.Combine(root, "parameters", "pipeline.yaml"),
            "--runs-dir", Path.Combine(root, "runs"), "-p", "COLUMNS", "A,B", "-p", "SEED", "7",
        }, calls[1]);
    }

    [TestMethod]
    public void WithANotebookItRunsJustThatOneWithDateAndDataType()
    {
        using var temp = new TempFolder();
        File.Copy(Fixtures.Path("pipeline", "notebooks", "learn.ipynb"), temp.File("learn.ipynb"));
        var (_, exitCode, calls, error) = Invoke(temp, new Hashtable { ["Date"] = "2021-01-31", ["DataType"] = "test", ["Notebook"] = "learn.ipynb", ["OutputDir"] = "out" });
        Assert.IsNull(error, error?.Message);
        Assert.AreEqual(0, exitCode);
        var run = calls[1];
        CollectionAssert.AreEqual(new[] { "run", temp.File("learn.ipynb"), "-o" }, run.Skip(1).Take(3).ToList());
        StringAssert.Matches(run[4], new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(Path.Combine(temp.Path, "out", "2021-01-31", "learn.")) + @"\d{8}T\d{6}Z\.ipynb$"));
        CollectionAssert.AreEqual(new[] { "-p", "TARGET_DATE", "2021-01-31", "-p", "DATA_TYPE", "test" }, run.Skip(5).ToList());
    }

    [TestMethod]
    public void TheExitCodeOfTheCliIsPassedThrough()
    {
        using var temp = new TempFolder();
        var (_, exitCode, calls, _) = Invoke(temp, new Hashtable { ["Date"] = "2021-01-31" }, runExitCode: 1);
        Assert.HasCount(2, calls);
        Assert.AreEqual(1, exitCode);
        (_, exitCode, _, _) = Invoke(temp, new Hashtable { ["Date"] = "2021-01-31" }, runExitCode: 3);
        Assert.AreEqual(3, exitCode);
    }

    [TestMethod]
    public void BadDatesAndDataTypesAreRejectedBeforeAnythingRuns()
    {
        using var temp = new TempFolder();
        var (_, _, calls, error) = Invoke(temp, new Hashtable { ["Date"] = "2021-02-30" });
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "-Date must be a date like 2021-01-31 or 20210131, got '2021-02-30'");
        Assert.IsEmpty(calls);

        (_, _, calls, error) = Invoke(temp, new Hashtable { ["Date"] = "2021-01-31", ["DataType"] = "validation", ["Notebook"] = "x" });
        Assert.IsNotNull(error);
        StringAssert.Contains(error.Message, "DataType");
        StringAssert.Contains(error.Message, "train,test");
        Assert.IsEmpty(calls);

        (_, var exitCode, calls, _) = Invoke(temp, new Hashtable { ["Date"] = "2021-01-31", ["DataType"] = "train" });
        Assert.AreEqual(2, exitCode, "-DataType without -Notebook is a usage error");
        Assert.IsEmpty(calls);
    }

    [TestMethod]
    public void DryRunPrintsTheCommandsWithoutRunningThem()
    {
        using var temp = new TempFolder();
        var (output, exitCode, calls, error) = Invoke(temp, new Hashtable { ["Date"] = "2021-01-31", ["DryRun"] = true });
        Assert.IsNull(error, error?.Message);
        Assert.AreEqual(0, exitCode);
        Assert.IsEmpty(calls);
        Assert.HasCount(2, output);
        StringAssert.Contains(output[0], "publish");
        StringAssert.Contains(output[1], "pipeline --date 2021-01-31");
    }
}
