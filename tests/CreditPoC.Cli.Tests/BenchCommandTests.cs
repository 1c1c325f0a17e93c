using System.Text.Json;
using CreditPoC.Cli.Bench;

namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    [TestCategory("Slow")]
    public void TinyRunWritesTheTableAndTheJsonWithEverySelectedStep()
    {
        using var temp = new TempFolder();
        var output = temp.File("results");
        var steps = BenchSteps.Names;
        var (code, printed, error) = CliRunner.Run("bench", "--rows", "2000", "--quick", "--no-cold", "--no-python", "--models", "lr,lightgbm",
            "--single-rows", "100", "--data", temp.File("data.csv"), "--out", output,
            "--schema", Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"), "--steps", string.Join(",", steps));

        Assert.AreEqual(0, code, printed + error);
        Assert.IsTrue(File.Exists(temp.File("data.csv")), "the data was generated because it was absent");
        var markdown = File.ReadAllText(Path.Combine(output, "bench.md"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        var root = json.RootElement;
        Assert.IsTrue(root.GetProperty("finished").GetBoolean());
        Assert.AreEqual(2000, root.GetProperty("settings").GetProperty("rows").GetInt32());
        Assert.AreEqual(42, root.GetProperty("settings").GetProperty("seed").GetInt32());
        Assert.IsGreaterThan(0, root.GetProperty("machine").GetProperty("cores").GetInt32());
        var recorded = root.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        CollectionAssert.AreEquivalent(steps.ToList(), recorded.Keys.ToList());

        foreach (var (name, step) in recorded)
        {
            var description = step.GetProperty("description").GetString()!;
            Assert.Contains(description, markdown, $"the table has a row for {name}");
            if (name == "pipeline") continue; // no trial notebooks in the test's working folder
            Assert.IsFalse(step.TryGetProperty("skipped", out var skipped), $"{name} ran: {skipped}");
            Assert.IsGreaterThan(0.0, step.GetProperty("median").GetDouble(), $"{name} was timed");
            Assert.IsGreaterThan(0.0, step.GetProperty("peakMiB").GetDouble(), $"{name} has a peak memory");
        }
        Assert.AreEqual("skipped: no trial notebooks", recorded["pipeline"].GetProperty("skipped").GetString());
        Assert.AreEqual(2000, recorded["load"].GetProperty("rows").GetInt32());
        Assert.IsGreaterThan(0.0, recorded["score"].GetProperty("rowsPerSecond").GetDouble());
        var single = recorded["single"].GetProperty("figures");
        Assert.IsLessThanOrEqualTo(single.GetProperty("p99_ms").GetDouble(), single.GetProperty("p50_ms").GetDouble());
        Assert.AreEqual(100, single.GetProperty("calls").GetInt32());
        var tune = recorded["tune"].GetProperty("figures");
        Assert.IsTrue(tune.TryGetProperty("tpe_best_auc", out _) && tune.TryGetProperty("random_best_auc", out _), "both searches report their best AUC");
        Assert.AreEqual(2, recorded["compare"].GetProperty("figures").GetProperty("folds").GetInt32());
        Assert.Contains("| peak memory, whole run |", markdown);
        Assert.Contains("rounds", recorded["train"].GetProperty("figures").ToString());
        if (OperatingSystem.IsLinux())
            foreach (var (name, step) in recorded)
                Assert.IsGreaterThanOrEqualTo(0.0, step.GetProperty("otherCoresAtStart").GetDouble(), $"{name}: other processes' cores sampled");
    }

    [TestMethod]
    public void BusyMeansOtherProcessesWhenTheyCanBeSampledAndTheLoadAverageOtherwise()
    {
        var settings = new BenchSettings { DataPath = "d.csv", SchemaPath = "s.yaml", OutputDirectory = "out", RepositoryRoot = "." };
        var report = new BenchReport(settings, new MachineInfo(2, 8, "cpu", "os", ".NET", "3.00 2.00 1.00"), DateTimeOffset.UtcNow);
        var result = new StepResult { Step = "load", Description = "load" };
        Assert.IsFalse(report.UnderLoad(new StepRecord(result, LoadAtStart: 3.0, OtherCoresAtStart: 0.1)),
            "a load average raised by the benchmark's own threads is not someone else's work");
        Assert.IsTrue(report.UnderLoad(new StepRecord(result, LoadAtStart: 0.2, OtherCoresAtStart: 0.8)));
        Assert.IsTrue(report.UnderLoad(new StepRecord(result, LoadAtStart: 3.0)));
        Assert.IsFalse(report.UnderLoad(new StepRecord(result, LoadAtStart: 0.5)));
    }

    [TestMethod]
    public void SelectedStepsOnlyAndAnUnknownStepIsAUsageError()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run("bench", "--steps", "load,nosuch", "--schema", Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        Assert.AreEqual(2, code);
        Assert.Contains("nosuch", error);

        var output = temp.File("results");
        (code, var printed, error) = CliRunner.Run("bench", "--rows", "500", "--repeat", "2", "--data", temp.File("d.csv"), "--out", output,
            "--schema", Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"), "--steps", "generate,load");
        Assert.AreEqual(0, code, printed + error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        var recorded = json.RootElement.GetProperty("steps").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "generate", "load" }, recorded.Select(s => s.GetProperty("step").GetString()).ToArray());
        Assert.AreEqual(2, recorded[1].GetProperty("seconds").GetArrayLength(), "--repeat 2 gives two measured runs");
    }
}

/// <summary>The pipeline step against a repository with trial notebooks, run by the fake executor.</summary>
[TestClass]
public sealed class BenchPipelineStepTests
{
    private readonly CreditPoC.TestSupport.FakeNotebookExecutor _executor = new();

    [TestInitialize]
    public void UseFakeExecutor() => NotebookEngine.UseExecutor(_executor);

    [TestCleanup]
    public void Reset() => NotebookEngine.UseExecutor(null);

    [TestMethod]
    public void RunsTheTrialPipelineForTheDayAndReportsEngineOverheadPerNotebook()
    {
        using var temp = new TempFolder();
        var root = temp.File("repo");
        Directory.CreateDirectory(Path.Combine(root, "parameters"));
        Directory.CreateDirectory(Path.Combine(root, "notebooks", "trial"));
        foreach (var notebook in Directory.GetFiles(Fixtures.Path("pipeline", "notebooks"), "*.ipynb"))
            File.Copy(notebook, Path.Combine(root, "notebooks", "trial", Path.GetFileName(notebook)));
        var yaml = File.ReadAllText(Fixtures.Path("pipeline", "pipeline.yaml")).Replace("notebooks/", "notebooks/trial/");
        File.WriteAllText(Path.Combine(root, "parameters", "pipeline.yaml"), "root: ..\n" + yaml);
        var schema = Path.Combine(RepoRoot.Path, "parameters", "schema.yaml");

        var output = temp.File("results");
        var (code, printed, error) = CliRunner.Run("bench", "--rows", "300", "--steps", "pipeline", "--root", root, "--pipeline-date", "2021-03-01",
            "--data", temp.File("d.csv"), "--out", output, "--schema", schema);

        Assert.AreEqual(0, code, printed + error);
        Assert.HasCount(5, _executor.Calls, "every task of the day ran");
        Assert.IsTrue(_executor.Calls.All(c => c.Parameters["TARGET_DATE"] == "2021-03-01"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        var step = json.RootElement.GetProperty("steps")[0];
        Assert.AreEqual("pipeline", step.GetProperty("step").GetString());
        Assert.IsFalse(step.TryGetProperty("skipped", out var skipped), $"ran: {skipped}");
        var figures = step.GetProperty("figures");
        Assert.AreEqual(5, figures.GetProperty("notebooks").GetInt32());
        Assert.AreEqual(0, figures.GetProperty("failed_days").GetInt32());
        Assert.IsGreaterThanOrEqualTo(0.0, figures.GetProperty("overhead_after_first_max_s").GetDouble());
        Assert.Contains("learn: succeeded", step.GetProperty("notes").ToString());
    }
}
