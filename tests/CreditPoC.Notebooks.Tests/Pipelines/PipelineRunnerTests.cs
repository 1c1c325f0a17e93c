using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.TestSupport;

namespace CreditPoC.Notebooks.Tests.Pipelines;

[TestClass]
public sealed class PipelineRunnerTests
{
    private static readonly DateOnly Date = new(2021, 1, 31);

    private static PipelineDefinition Fixture() => PipelineDefinition.Load(Fixtures.Path("pipeline", "pipeline.yaml"));

    /// <summary>The fixture DAG with <c>learn</c> told to fail.</summary>
    private static PipelineDefinition WithFailingLearn(TempFolder temp)
    {
        var yaml = File.ReadAllText(Fixtures.Path("pipeline", "pipeline.yaml"))
            .Replace("  - name: learn\n    notebook: notebooks/learn.ipynb\n    parameters:\n", "  - name: learn\n    notebook: notebooks/learn.ipynb\n    parameters:\n      FAIL: \"true\"\n");
        var path = temp.File("failing.yaml");
        File.WriteAllText(path, $"root: {Fixtures.Path("pipeline")}\n{yaml}");
        return PipelineDefinition.Load(path);
    }

    private static PipelineRunner Runner(FakeNotebookExecutor executor, TempFolder temp, int? maxParallel = null) =>
        new(executor, new PipelineRunnerOptions { RunsDirectory = temp.File("runs"), MaxParallel = maxParallel });

    [TestMethod]
    public async Task TasksRunInDependencyOrderAndWriteNotebooksHtmlAndSummary()
    {
        using var temp = new TempFolder();
        var summary = await Runner(new FakeNotebookExecutor(), temp).RunAsync(Fixture(), Date);

        Assert.AreEqual("succeeded", summary.Status);
        var byName = summary.Tasks.ToDictionary(t => t.Task);
        foreach (var task in Fixture().Tasks)
            foreach (var dependency in task.DependsOn)
                Assert.IsGreaterThanOrEqualTo(byName[dependency].End!.Value, byName[task.Name].Start!.Value, $"{task.Name} started before {dependency} ended");

        StringAssert.StartsWith(summary.Run.RunDirectory, Path.Combine(temp.File("runs"), "2021-01-31") + Path.DirectorySeparatorChar);
        StringAssert.Matches(summary.Run.RunId, new System.Text.RegularExpressions.Regex(@"^\d{8}T\d{6}Z-[0-9a-f]{4}$"));
        foreach (var task in summary.Tasks)
        {
            Assert.AreEqual(Path.Combine(summary.Run.RunDirectory, task.Task + ".ipynb"), task.Output);
            Assert.IsTrue(File.Exists(task.Output), task.Output);
            Assert.IsTrue(File.Exists(task.Html), task.Html);
        }

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(summary.Run.RunDirectory, "summary.json")))!;
        Assert.AreEqual("succeeded", (string?)json["status"]);
        Assert.AreEqual("2021-01-31", (string?)json["date"]);
        var tasks = json["tasks"]!.AsArray();
        Assert.HasCount(5, tasks);
        var inference = tasks.Single(t => (string?)t!["task"] == "inference")!;
        Assert.AreEqual("succeeded", (string?)inference["status"]);
        Assert.AreEqual(Fixtures.Path("pipeline", "notebooks", "inference.ipynb"), (string?)inference["input"]);
        Assert.AreEqual(Path.Combine(summary.Run.RunDirectory, "inference.html"), (string?)inference["html"]);
        Assert.AreEqual("2021-01-31", (string?)inference["parameters"]!["TARGET_DATE"]);
        Assert.AreEqual(summary.Run.RunDirectory, (string?)inference["parameters"]!["OUTPUT_DIR"]);
        Assert.IsGreaterThanOrEqualTo(0.0, (double)inference["duration"]!);
        Assert.IsNull(inference["error"]);
        // The executed notebook carries the parameters the task was given.
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(summary.Run.RunDirectory, "feature_engineering_test.ipynb")))!;
        Assert.AreEqual("test", (string?)executed["metadata"]!["papermill"]!["parameters"]!["DATA_TYPE"]);
    }

    [TestMethod]
    public async Task IndependentTasksRunSideBySideWithinTheBound()
    {
        using var temp = new TempFolder();
        var executor = new FakeNotebookExecutor { Delay = TimeSpan.FromMilliseconds(300) };
        await Runner(executor, temp, maxParallel: 2).RunAsync(Fixture(), Date);
        Assert.AreEqual(2, executor.MaxConcurrent, "accumulate and feature_engineering_test should overlap");

        var serial = new FakeNotebookExecutor { Delay = TimeSpan.FromMilliseconds(20) };
        await Runner(serial, temp, maxParallel: 1).RunAsync(Fixture(), Date);
        Assert.AreEqual(1, serial.MaxConcurrent);
    }

    [TestMethod]
    public async Task AFailedTaskSkipsItsDependentsWhileTheOthersGoOn()
    {
        using var temp = new TempFolder();
        var finished = new List<string>();
        var runner = Runner(new FakeNotebookExecutor(), temp);
        runner.TaskFinished += (_, result) => finished.Add($"{result.Task}:{result.Status}");
        var summary = await runner.RunAsync(WithFailingLearn(temp), Date);

        Assert.AreEqual("failed", summary.Status);
        var status = summary.Tasks.ToDictionary(t => t.Task, t => t.Status);
        Assert.AreEqual(PipelineTaskStatus.Succeeded, status["accumulate"]);
        Assert.AreEqual(PipelineTaskStatus.Succeeded, status["feature_engineering_test"]);
        Assert.AreEqual(PipelineTaskStatus.Failed, status["learn"]);
        Assert.AreEqual(PipelineTaskStatus.Skipped, status["inference"]);
        var learn = summary.Tasks.Single(t => t.Task == "learn");
        StringAssert.Contains(learn.Error, "InvalidOperationException in cell In [2]: the fixture was told to fail");
        Assert.IsTrue(File.Exists(learn.Html), "the failed notebook is rendered so that the error can be read");
        StringAssert.Contains(File.ReadAllText(learn.Html!), "the fixture was told to fail");
        var inference = summary.Tasks.Single(t => t.Task == "inference");
        Assert.AreEqual("skipped because 'learn' failed", inference.Error);
        Assert.IsNull(inference.Output);
        Assert.HasCount(5, finished);
        CollectionAssert.Contains(finished, "inference:Skipped");
    }

    [TestMethod]
    public async Task AParameterErrorFailsOnlyThatTask()
    {
        using var temp = new TempFolder();
        var runner = new PipelineRunner(new FakeNotebookExecutor(), new PipelineRunnerOptions
        {
            RunsDirectory = temp.File("runs"),
            Parameters = new Dictionary<string, string> { ["BAD"] = "x" },
        });
        var summary = await runner.RunAsync(Fixture(), Date, new PipelineSelection { Only = "accumulate" });
        var task = summary.Tasks.Single();
        Assert.AreEqual(PipelineTaskStatus.Failed, task.Status);
        StringAssert.Contains(task.Error, "parameter BAD: 'x' is not a valid int");
    }

    [TestMethod]
    public async Task APipelineParameterGoesToTheTasksThatDeclareItAndToAllWhenNoneDoes()
    {
        using var temp = new TempFolder();
        foreach (var (name, declares) in new[] { ("a", "RAW_DIR"), ("b", "POLICY_PATH") })
        {
            var notebook = CreditPoC.Notebooks.Ipynb.PolyglotNotebook.Create();
            CreditPoC.Notebooks.Ipynb.PolyglotNotebook.AddCode(notebook, $"var {declares} = \"\";", "parameters");
            notebook.Save(temp.File($"{name}.ipynb"));
        }
        File.WriteAllText(temp.File("pipeline.yaml"), "tasks:\n  - name: a\n    notebook: a.ipynb\n  - name: b\n    notebook: b.ipynb\n");
        var runner = new PipelineRunner(new FakeNotebookExecutor(), new PipelineRunnerOptions
        {
            RunsDirectory = temp.File("runs"),
            Parameters = new Dictionary<string, string> { ["RAW_DIR"] = "raw", ["TYPO"] = "x" },
        });
        var given = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        runner.TaskStarted += start => given[start.Task.Name] = start.Parameters;
        await runner.RunAsync(PipelineDefinition.Load(temp.File("pipeline.yaml")), Date);
        CollectionAssert.AreEquivalent(new[] { "RAW_DIR", "TYPO" }, given["a"].Keys.ToList());
        CollectionAssert.AreEquivalent(new[] { "TYPO" }, given["b"].Keys.ToList(), "b does not declare RAW_DIR; TYPO, declared by none, reaches all to be warned about");
    }

    [TestMethod]
    public async Task TheSameDateAgainMakesANewFolderAndKeepsTheOldOne()
    {
        using var temp = new TempFolder();
        var runner = Runner(new FakeNotebookExecutor(), temp);
        var first = await runner.RunAsync(Fixture(), Date, new PipelineSelection { Only = "accumulate" });
        var firstSummary = File.ReadAllText(first.SummaryPath);
        var second = await runner.RunAsync(Fixture(), Date, new PipelineSelection { Only = "accumulate" });

        Assert.AreNotEqual(first.Run.RunDirectory, second.Run.RunDirectory);
        Assert.AreEqual(firstSummary, File.ReadAllText(first.SummaryPath));
        Assert.HasCount(2, Directory.GetDirectories(Path.Combine(temp.File("runs"), "2021-01-31")));
    }

    [TestMethod]
    public async Task OnlyAndFromSelectTasks()
    {
        using var temp = new TempFolder();
        var executor = new FakeNotebookExecutor();
        var only = await Runner(executor, temp).RunAsync(Fixture(), Date, new PipelineSelection { Only = "learn" });
        CollectionAssert.AreEqual(new[] { "learn" }, only.Tasks.Select(t => t.Task).ToArray());

        var from = await Runner(executor, temp).RunAsync(Fixture(), Date, new PipelineSelection { From = "feature_engineering_train" });
        CollectionAssert.AreEqual(new[] { "feature_engineering_train", "learn", "inference" }, from.Tasks.Select(t => t.Task).ToArray());
        Assert.IsTrue(from.Succeeded);
        Assert.HasCount(4, executor.Calls);
    }

    [TestMethod]
    public async Task ADateRangeRunsEachDayInOrderInItsOwnFolder()
    {
        using var temp = new TempFolder();
        var executor = new FakeNotebookExecutor();
        var started = new List<string>();
        var runner = Runner(executor, temp);
        runner.TaskStarted += start => started.Add($"{start.Run.Date:MM-dd} {start.Task.Name} {start.Parameters["TARGET_DATE"]}");
        var days = await runner.RunRangeAsync(Fixture(), new DateOnly(2021, 1, 30), new DateOnly(2021, 2, 1), new PipelineSelection { Only = "accumulate" });

        CollectionAssert.AreEqual(new[] { "01-30 accumulate 2021-01-30", "01-31 accumulate 2021-01-31", "02-01 accumulate 2021-02-01" }, started);
        CollectionAssert.AreEqual(new[] { "2021-01-30", "2021-01-31", "2021-02-01" },
            days.Select(d => Path.GetFileName(Path.GetDirectoryName(d.Run.RunDirectory))).ToArray());
        Assert.IsTrue(days.All(d => d.Succeeded));
    }

    [TestMethod]
    public async Task ADateRangeStopsAfterADayThatFails()
    {
        using var temp = new TempFolder();
        var days = await Runner(new FakeNotebookExecutor(), temp).RunRangeAsync(WithFailingLearn(temp), Date, Date.AddDays(2), new PipelineSelection { Only = "learn" });
        Assert.HasCount(1, days);
        Assert.AreEqual("failed", days[0].Status);
    }

    [TestMethod]
    public async Task CancellingStopsNewTasksAndRecordsThemAsCancelled()
    {
        using var temp = new TempFolder();
        using var cancel = new CancellationTokenSource();
        var runner = Runner(new FakeNotebookExecutor { Delay = TimeSpan.FromSeconds(5) }, temp, maxParallel: 1);
        runner.TaskStarted += _ => cancel.CancelAfter(100);
        var summary = await runner.RunAsync(Fixture(), Date, cancellationToken: cancel.Token);

        Assert.AreEqual("cancelled", summary.Status);
        Assert.AreEqual(PipelineTaskStatus.Cancelled, summary.Tasks.Single(t => t.Task == "accumulate").Status);
        Assert.IsTrue(File.Exists(summary.Tasks.Single(t => t.Task == "accumulate").Output), "a cancelled notebook is still saved");
        Assert.IsTrue(summary.Tasks.All(t => t.Status is PipelineTaskStatus.Cancelled or PipelineTaskStatus.Skipped));
        Assert.AreEqual("cancelled", (string?)JsonNode.Parse(File.ReadAllText(summary.SummaryPath))!["status"]);
    }
}
