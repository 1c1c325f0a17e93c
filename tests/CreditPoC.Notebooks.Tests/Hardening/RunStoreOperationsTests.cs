using System.Diagnostics;
using System.Text.Json.Nodes;
using CreditPoC.Decisions;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests.Hardening;

/// <summary>The run store's part in operations: old stores migrate, one run per date, killed runs are mended.</summary>
[TestClass]
public sealed class RunStoreOperationsTests
{
    [TestCleanup]
    public void Cleanup() => SqliteConnection.ClearAllPools();

    /// <summary>Plays a process that died: writes straight into the store's tables.</summary>
    private static void Sql(string path, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    private static string CopyOfOldStore()
    {
        var path = Path.Combine(NewTempDirectory(), "creditpoc.db");
        File.Copy(Fixture("store-v1.db"), path);
        return path;
    }

    [TestMethod]
    public void AStoreMadeByThePreviousVersionMigratesAndKeepsItsRunsAndModels()
    {
        var path = CopyOfOldStore();
        Assert.AreEqual(StoreDatabase.LatestVersion, new StoreDatabase(path).SchemaVersion());

        var learn = new RunStore(path).ListRuns().Single(r => r.Task == "learn");
        Assert.AreEqual(0.781, learn.Metrics["auc"]);
        Assert.IsTrue(double.IsNaN(learn.Metrics["approve_accuracy"]));
        Assert.AreEqual("20210331T060000Z-ab12", learn.PipelineRunId);
        Assert.AreEqual(1, learn.Attempt, "runs recorded before attempts existed are their task's first attempt");
        Assert.AreEqual(new DateOnly(2021, 3, 31), new RunStore(path).GetPipelineRun("20210331T060000Z-ab12")!.RunDate);
        var registry = new ModelRegistry(path);
        var serving = registry.Serving()!;
        Assert.AreEqual(ModelStage.Production, serving.Stage);
        Assert.AreEqual(new ScoreBands(0.045, 0.31), ScoreBands.FromMetrics(serving.Metrics, "v1"), "bands registered by the old learn still serve");
        Assert.IsFalse(registry.List().Single(m => m.Version == 2).GatePassed);
        using (new RunStore(path).LockDate(new DateOnly(2021, 3, 31), "new-run")) { }
    }

    [TestMethod]
    public void ASecondRunOfTheSameDateIsRefusedAndNamesTheRunHoldingIt()
    {
        var store = new RunStore(Path.Combine(NewTempDirectory(), "creditpoc.db"));
        var day = new DateOnly(2021, 3, 31);
        using (store.LockDate(day, "first"))
        {
            var error = Assert.ThrowsExactly<UserFacingException>(() => store.LockDate(day, "second"));
            StringAssert.Contains(error.Message, "2021-03-31 is already being run by pipeline run first");
            using (store.LockDate(day.AddDays(1), "other-day")) { }
        }
        using (store.LockDate(day, "second")) { } // released when the first run ended
    }

    [TestMethod]
    public void ALockLeftByAProcessThatDiedIsTakenOver()
    {
        var path = Path.Combine(NewTempDirectory(), "creditpoc.db");
        var store = new RunStore(path);
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        Sql(path, "INSERT INTO date_locks (run_date, pipeline_run_id, host, process_id, acquired_at) VALUES ('2021-03-31', 'killed', $h, $p, 'then');",
            ("$h", Environment.MachineName), ("$p", dead.Id));
        using (store.LockDate(new DateOnly(2021, 3, 31), "next")) { }
    }

    [TestMethod]
    public async Task APipelineRefusesADateAnotherRunHoldsBeforeMakingAFolder()
    {
        var runs = NewTempDirectory();
        var store = new RunStore(Path.Combine(runs, "creditpoc.db"));
        var day = new DateOnly(2021, 1, 5);
        using var held = store.LockDate(day, "holder");
        var runner = new PipelineRunner(new FakeNotebookExecutor(), new PipelineRunnerOptions { RunsDirectory = runs, LockDate = store.LockDate });
        var error = await Assert.ThrowsExactlyAsync<UserFacingException>(() =>
            runner.RunAsync(PipelineDefinition.Load(Fixtures.Path("pipeline", "pipeline.yaml")), day));
        StringAssert.Contains(error.Message, "pipeline run holder");
        Assert.IsFalse(Directory.Exists(Path.Combine(runs, "2021-01-05")), "no run folder for a refused run");
    }

    [TestMethod]
    public void AKilledRunsSummaryIsMendedFromTheStore()
    {
        var runs = NewTempDirectory();
        var folder = Directory.CreateDirectory(Path.Combine(runs, "2021-04-01", "20210401T060000Z-dead")).FullName;
        File.WriteAllText(Path.Combine(folder, "summary.json"), """{ "run_id": "20210401T060000Z-dead", "status": "running", "tasks": [] }""");
        var store = new RunStore(Path.Combine(runs, "creditpoc.db"));
        store.StartPipelineRun("20210401T060000Z-dead", new DateOnly(2021, 4, 1), folder, null);
        var task = store.StartRun("accumulate", "a.ipynb", new Dictionary<string, string>(), "20210401T060000Z-dead");
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        foreach (var table in new[] { "pipeline_runs", "runs" })
            Sql(store.Database.Path, $"UPDATE {table} SET process_id = $p;", ("$p", dead.Id));

        Assert.AreEqual(1, SummaryRepair.RepairAbandoned(store));

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")))!;
        Assert.AreEqual("failed", (string?)summary["status"]);
        StringAssert.Contains((string?)summary["error"], "interrupted");
        Assert.AreEqual(RunStatus.Failed, store.GetRun(task)!.Status);
        Assert.IsFalse(SummaryRepair.MarkInterrupted(folder), "an ended summary is left alone");
    }
}
