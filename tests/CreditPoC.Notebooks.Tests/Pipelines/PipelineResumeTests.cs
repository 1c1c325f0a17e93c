using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.TestSupport;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests.Pipelines;

/// <summary><c>pipeline --resume RUN --only TASK</c>: a rerun in an earlier run's folder is the task's next attempt and overwrites nothing.</summary>
[TestClass]
public sealed class PipelineResumeTests
{
    private static readonly DateOnly Date = new(2021, 1, 31);

    [TestCleanup]
    public void Cleanup() => SqliteConnection.ClearAllPools();

    private sealed record Setup(string Runs, RunStore Store, PipelineRunner Runner, FakeNotebookExecutor Executor, PipelineDefinition Pipeline);

    private static Setup NewSetup(PipelineDefinition? pipeline = null)
    {
        var runs = NewTempDirectory();
        var store = new RunStore(Path.Combine(runs, "creditpoc.db"));
        var executor = new FakeNotebookExecutor();
        var runner = new PipelineRunner(executor, new PipelineRunnerOptions { RunsDirectory = runs, LockDate = store.LockDate, StorePath = store.Database.Path });
        _ = new PipelineRecorder(store, runner);
        return new Setup(runs, store, runner, executor, pipeline ?? PipelineDefinition.Load(Fixtures.Path("pipeline", "pipeline.yaml")));
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static PipelineSelection Only(string task) => new() { Only = task };

    [TestMethod]
    public async Task ARerunIsTheTasksNextAttemptAndLeavesEveryEarlierFileAsItWas()
    {
        var s = NewSetup();
        var first = await s.Runner.RunAsync(s.Pipeline, Date);
        var folder = first.Run.RunDirectory;
        var before = Hashes(folder);

        var plan = PipelineResume.Plan(s.Store, s.Pipeline, first.Run.RunId, Date, Only("learn"));
        Assert.AreEqual(2, plan.Attempts["learn"]);
        Assert.AreEqual(2, plan.RunAttempt);
        var rerun = await s.Runner.ResumeAsync(s.Pipeline, plan, Only("learn"));

        Assert.AreEqual("succeeded", rerun.Status);
        var learn = rerun.Tasks.Single();
        Assert.AreEqual(("learn", 2), (learn.Task, learn.Attempt));
        Assert.AreEqual(Path.Combine(folder, "learn.2.ipynb"), learn.Output);
        Assert.AreEqual(Path.Combine(folder, "learn.2.html"), learn.Html);
        Assert.AreEqual(2, s.Executor.Calls.Last().Context!.Attempt, "the notebook learns its attempt from the engine");
        Assert.AreEqual(folder, s.Executor.Calls.Last().Context!.RunDirectory);
        foreach (var (file, hash) in before)
            Assert.AreEqual(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file)))), $"{file} was overwritten");
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.2.json")))!;
        Assert.AreEqual(2, (int)summary["attempt"]!);
        Assert.AreEqual(first.Run.RunId, (string?)summary["run_id"]);
        Assert.AreEqual(2, (int)summary["tasks"]![0]!["attempt"]!);

        // The store: a new row for the new attempt, the first attempt's row untouched.
        var learns = s.Store.ListRuns(pipelineRunId: first.Run.RunId).Where(r => r.Task == "learn").OrderBy(r => r.Attempt).ToList();
        CollectionAssert.AreEqual(new[] { 1, 2 }, learns.Select(r => r.Attempt).ToArray());
        Assert.IsTrue(learns.All(r => r.Status == RunStatus.Succeeded));
        Assert.AreEqual(2, s.Store.LatestAttempts(first.Run.RunId)["learn"].Attempt);
        Assert.AreEqual(RunStatus.Succeeded, s.Store.GetPipelineRun(first.Run.RunId)!.Status);

        // Again: attempt 3, and summary.3.json.
        var third = PipelineResume.Plan(s.Store, s.Pipeline, first.Run.RunId, null, Only("learn"));
        Assert.AreEqual((3, 3), (third.Attempts["learn"], third.RunAttempt));
        await s.Runner.ResumeAsync(s.Pipeline, third, Only("learn"));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "learn.3.ipynb")));
        Assert.IsTrue(File.Exists(Path.Combine(folder, "summary.3.json")));
    }

    [TestMethod]
    public async Task FromATaskReRunsItAndTheTasksAfterIt()
    {
        var s = NewSetup();
        var first = await s.Runner.RunAsync(s.Pipeline, Date);
        var from = new PipelineSelection { From = "learn" };

        var rerun = await s.Runner.ResumeAsync(s.Pipeline, PipelineResume.Plan(s.Store, s.Pipeline, first.Run.RunId, Date, from), from);

        CollectionAssert.AreEquivalent(new[] { "learn", "inference" }, rerun.Tasks.Select(t => t.Task).ToArray());
        Assert.IsTrue(rerun.Tasks.All(t => t.Attempt == 2 && t.Status == PipelineTaskStatus.Succeeded));
        Assert.IsTrue(File.Exists(Path.Combine(first.Run.RunDirectory, "inference.2.ipynb")));
    }

    [TestMethod]
    public async Task AnUnknownRunOrAnotherDatesRunIsRefusedAsABadArgument()
    {
        var s = NewSetup();
        var first = await s.Runner.RunAsync(s.Pipeline, Date);

        var unknown = Assert.ThrowsExactly<PipelineResume.UnknownRun>(() => PipelineResume.Plan(s.Store, s.Pipeline, "20990101T000000Z-beef", Date, Only("learn")));
        StringAssert.StartsWith(unknown.Message, $"--resume 20990101T000000Z-beef: no pipeline run with that id in the run store {s.Store.Database.Path}");
        var otherDay = Assert.ThrowsExactly<PipelineResume.UnknownRun>(() => PipelineResume.Plan(s.Store, s.Pipeline, first.Run.RunId, Date.AddDays(1), Only("learn")));
        Assert.AreEqual($"--resume {first.Run.RunId}: that run is the run of 2021-01-31, not of --date 2021-02-01; give --date 2021-01-31 or leave --date out", otherDay.Message);
    }

    [TestMethod]
    public async Task ATaskWhoseUpstreamDidNotSucceedOrLostItsFilesIsRefusedAndNothingIsWritten()
    {
        var yaml = File.ReadAllText(Fixtures.Path("pipeline", "pipeline.yaml"))
            .Replace("  - name: learn\n    notebook: notebooks/learn.ipynb\n    parameters:\n", "  - name: learn\n    notebook: notebooks/learn.ipynb\n    parameters:\n      FAIL: \"true\"\n");
        var file = Path.Combine(NewTempDirectory(), "failing.yaml");
        File.WriteAllText(file, $"root: {Fixtures.Path("pipeline")}\n{yaml}");
        var s = NewSetup(PipelineDefinition.Load(file));
        var run = await s.Runner.RunAsync(s.Pipeline, Date);
        var folder = run.Run.RunDirectory;
        var before = Hashes(folder);
        var id = run.Run.RunId;

        // learn failed, so inference cannot be rerun on its files.
        var failed = Assert.ThrowsExactly<UserFacingException>(() => PipelineResume.Plan(s.Store, s.Pipeline, id, Date, Only("inference")));
        Assert.AreEqual($"cannot rerun inference in run {id}: it reads what learn writes, and learn's latest attempt (1) failed; " +
                        $"rerun it first: creditpoc pipeline --resume {id} --only learn", failed.Message);

        // feature_engineering_test succeeded, but the table it recorded is gone.
        var features = Path.Combine(folder, "features_test.parquet");
        s.Store.LogArtifacts(s.Store.LatestAttempts(id)["feature_engineering_test"].Id, new Dictionary<string, string> { ["features"] = features });
        var learnOk = s.Store.StartRun("learn", "learn.ipynb", new Dictionary<string, string>(), id, attempt: 2);
        s.Store.FinishRun(learnOk, RunStatus.Succeeded); // as if learn had been rerun with success
        var lost = Assert.ThrowsExactly<UserFacingException>(() => PipelineResume.Plan(s.Store, s.Pipeline, id, Date, Only("inference")));
        Assert.AreEqual($"cannot rerun inference in run {id}: {features} (features, written by feature_engineering_test attempt 1) is missing; " +
                        $"rerun it first: creditpoc pipeline --resume {id} --only feature_engineering_test", lost.Message);

        // A task that never ran in the run.
        var other = await NewSetupRun(s, Only("feature_engineering_test"));
        var never = Assert.ThrowsExactly<UserFacingException>(() => PipelineResume.Plan(s.Store, s.Pipeline, other, null, Only("learn")));
        StringAssert.Contains(never.Message, "feature_engineering_train never ran in that run");

        CollectionAssert.AreEquivalent(before, Hashes(folder), "a refused rerun writes nothing");
    }

    private static async Task<string> NewSetupRun(Setup s, PipelineSelection selection) =>
        (await s.Runner.RunAsync(s.Pipeline, Date.AddDays(1), selection)).Run.RunId;

    [TestMethod]
    public async Task ARunWhoseFolderIsGoneOrWhoseDateIsBusyIsRefused()
    {
        var s = NewSetup();
        var first = await s.Runner.RunAsync(s.Pipeline, Date);
        var plan = PipelineResume.Plan(s.Store, s.Pipeline, first.Run.RunId, Date, Only("learn"));

        using (s.Store.LockDate(Date, "another-run"))
        {
            var busy = await Assert.ThrowsExactlyAsync<UserFacingException>(() => s.Runner.ResumeAsync(s.Pipeline, plan, Only("learn")));
            StringAssert.Contains(busy.Message, "2021-01-31 is already being run by pipeline run another-run");
        }
        Assert.IsFalse(File.Exists(Path.Combine(first.Run.RunDirectory, "learn.2.ipynb")));

        Directory.Delete(first.Run.RunDirectory, recursive: true);
        var gone = Assert.ThrowsExactly<UserFacingException>(() => PipelineResume.Plan(s.Store, s.Pipeline, first.Run.RunId, Date, Only("learn")));
        Assert.AreEqual($"--resume {first.Run.RunId}: the run's folder {first.Run.RunDirectory} does not exist any more: there is nothing to rerun in", gone.Message);
    }

    [TestMethod]
    public void AKilledRerunsSummaryIsMendedToo()
    {
        var folder = NewTempDirectory();
        File.WriteAllText(Path.Combine(folder, "summary.json"), """{ "status": "succeeded" }""");
        File.WriteAllText(Path.Combine(folder, "summary.2.json"), """{ "status": "running" }""");

        Assert.IsTrue(SummaryRepair.MarkInterrupted(folder));

        Assert.AreEqual("succeeded", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!["status"]);
        Assert.AreEqual("failed", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.2.json")))!["status"]);
    }
}
