using System.Text.Json.Nodes;
using CreditPoC.TestSupport;

namespace CreditPoC.Cli.Tests.Commands;

/// <summary>The render, run and pipeline verbs, with a fake notebook executor.</summary>
[TestClass]
public sealed class NotebookVerbTests
{
    private readonly FakeNotebookExecutor _executor = new();

    [TestInitialize]
    public void UseFakeExecutor() => NotebookEngine.UseExecutor(_executor);

    [TestCleanup]
    public void Reset() => NotebookEngine.UseExecutor(null);

    private static string Learn => Fixtures.Path("pipeline", "notebooks", "learn.ipynb");

    [TestMethod]
    public void RenderWritesAPageAndHidesCodeInReportMode()
    {
        using var temp = new TempFolder();
        var (code, output, _) = CliRunner.Run("render", Fixtures.Path("executed.ipynb"), "-o", temp.File("full.html"));
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "full.html");
        StringAssert.Contains(File.ReadAllText(temp.File("full.html")), "Console.Error.WriteLine");

        (code, _, _) = CliRunner.Run("render", Fixtures.Path("executed.ipynb"), "-o", temp.File("report.html"), "--report-mode");
        Assert.AreEqual(0, code);
        var report = File.ReadAllText(temp.File("report.html"));
        Assert.AreEqual(-1, report.IndexOf("Console.Error.WriteLine", StringComparison.Ordinal), "report mode shows code");
        StringAssert.Contains(report, "loaded 1,234 rows");

        (code, _, var error) = CliRunner.Run("render", temp.File("missing.ipynb"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "missing.ipynb not found");
    }

    [TestMethod]
    public void RunPassesParametersWithDashPOverTheFileAndRendersHtml()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("params.yaml"), "TARGET_DATE: 2021-01-31\nDATA_TYPE: train\nCOLUMNS: [A, B]\n");
        var (code, output, error) = CliRunner.Run("run", Learn, "-o", temp.File("out/learn.ipynb"),
            "-f", temp.File("params.yaml"), "-p", "DATA_TYPE", "test", "--strict", "--execution-timeout", "30", "--cwd", temp.Path);
        Assert.AreEqual(0, code, error);

        var options = _executor.Calls.Single();
        Assert.AreEqual("2021-01-31", options.Parameters["TARGET_DATE"]);
        Assert.AreEqual("test", options.Parameters["DATA_TYPE"]);
        Assert.AreEqual("A,B", options.Parameters["COLUMNS"]);
        Assert.IsTrue(options.Strict);
        Assert.AreEqual(TimeSpan.FromSeconds(30), options.CellTimeout);
        Assert.AreEqual(temp.Path, options.WorkingDirectory);
        Assert.IsTrue(File.Exists(temp.File("out/learn.html")));
        StringAssert.Contains(output, "learn.html");
        StringAssert.Contains(output, "[learn] started");
    }

    [TestMethod]
    public void RunRefusesToOverwriteItsInputAndReportsBadArguments()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("run", Learn, "-o", Learn);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "is the input notebook itself");

        File.WriteAllText(temp.File("bad.yaml"), "A: [unclosed\n");
        (code, _, error) = CliRunner.Run("run", Learn, "-o", temp.File("o.ipynb"), "-f", temp.File("bad.yaml"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "bad.yaml, line");

        (code, _, error) = CliRunner.Run("run", Learn, "-o", temp.File("o.ipynb"), "-p", "BAD", "x");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "parameter BAD: 'x' is not a valid int");

        (code, _, error) = CliRunner.Run("run", Learn, "-o", temp.File("o.ipynb"), "--execution-timeout", "-1");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--execution-timeout must be a positive number");

        (code, _, error) = CliRunner.Run("run", Learn);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "missing required option --output");
    }

    [TestMethod]
    public void AFailedCellExitsWithOneAndStillWritesTheHtml()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("run", Learn, "-o", temp.File("learn.ipynb"), "-p", "FAIL", "true", "-p", "UNDECLARED", "1");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "warning: parameter UNDECLARED is not declared");
        StringAssert.Contains(error, "cell In [2] failed: InvalidOperationException: the fixture was told to fail");
        StringAssert.Contains(File.ReadAllText(temp.File("learn.html")), "the fixture was told to fail");

        (code, _, _) = CliRunner.Run("run", Learn, "-o", temp.File("nohtml.ipynb"), "--no-html");
        Assert.AreEqual(0, code);
        Assert.IsFalse(File.Exists(temp.File("nohtml.html")));
    }

    [TestMethod]
    public void PipelinePrintsATableWritesARunFolderAndExitsNonZeroOnFailure()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run("pipeline", "--date", "20210131", "--file", Fixtures.Path("pipeline", "pipeline.yaml"),
            "--runs-dir", temp.File("runs"), "-p", "EXTRA", "1");
        Assert.AreEqual(0, code, error);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"task\s+status\s+duration\s+output"));
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"inference\s+succeeded\s+\d+\.\d s\s+\S*inference\.html"));
        Assert.IsTrue(_executor.Calls.All(c => c.Parameters["EXTRA"] == "1"));
        var runs = Directory.GetDirectories(Path.Combine(temp.File("runs"), "2021-01-31"));
        Assert.HasCount(1, runs);
        Assert.AreEqual("succeeded", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(runs[0], "summary.json")))!["status"]);

        (code, output, _) = CliRunner.Run("pipeline", "--date", "2021-01-31", "--file", Fixtures.Path("pipeline", "pipeline.yaml"),
            "--runs-dir", temp.File("runs"), "--only", "learn", "-p", "FAIL", "true", "-p", "UNDECLARED", "x");
        Assert.AreEqual(1, code);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"learn\s+failed"));
        StringAssert.Contains(output, "learn: InvalidOperationException in cell In [2]: the fixture was told to fail");
        StringAssert.Contains(output, "learn: warning: parameter UNDECLARED is not declared");
        Assert.HasCount(2, Directory.GetDirectories(Path.Combine(temp.File("runs"), "2021-01-31")));

        // Both runs are in the run store, each task with its status, parameters, notebook hash and outputs.
        var recorded = new CreditPoC.Tracking.RunStore(Path.Combine(temp.File("runs"), "creditpoc.db")).ListRuns(limit: 100);
        Assert.HasCount(6, recorded);
        var failedLearn = recorded[0];
        Assert.AreEqual(("learn", "failed"), (failedLearn.Task, failedLearn.Status));
        StringAssert.Contains(failedLearn.Error, "told to fail");
        Assert.AreEqual("true", failedLearn.Parameters["FAIL"]);
        Assert.IsTrue(recorded.Skip(1).All(r => r.Status == "succeeded" && r.Artifacts.ContainsKey("html")));
        StringAssert.StartsWith(recorded[1].InputFingerprints.Values.Single(), "sha256:");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public void PipelineRunsADateRangeAndTellsFromAsTaskFromFromAsDate()
    {
        using var temp = new TempFolder();
        var file = Fixtures.Path("pipeline", "pipeline.yaml");
        var (code, output, error) = CliRunner.Run("pipeline", "--from", "2021-01-30", "--to", "2021-02-01", "--file", file, "--runs-dir", temp.File("runs"), "--only", "accumulate");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "3 of 3 days succeeded");
        CollectionAssert.AreEqual(new[] { "2021-01-30", "2021-01-31", "2021-02-01" },
            Directory.GetDirectories(temp.File("runs")).Select(Path.GetFileName).Order().ToArray());

        (code, output, error) = CliRunner.Run("pipeline", "--date", "2021-01-31", "--from", "learn", "--file", file, "--runs-dir", temp.File("runs"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "learn");
        Assert.AreEqual(-1, output.IndexOf("accumulate ", StringComparison.Ordinal), "--from learn ran accumulate");

        (code, _, error) = CliRunner.Run("pipeline", "--from", "2021-01-30", "--file", file);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--from 2021-01-30 is a date, so it starts a range: give --to as well");
        (code, _, error) = CliRunner.Run("pipeline", "--date", "2021-13-01", "--file", file);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--date must be a date like 2021-01-31");
        (code, _, error) = CliRunner.Run("pipeline", "--date", "2021-01-31", "--only", "nope", "--file", file);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "no task 'nope'");
        (code, _, error) = CliRunner.Run("pipeline", "--date", "2021-01-31", "--file", temp.File("none.yaml"));
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "none.yaml");
    }
}
