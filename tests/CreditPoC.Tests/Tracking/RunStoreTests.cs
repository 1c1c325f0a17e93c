using System.Diagnostics;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tests.Tracking;

[TestClass]
public sealed class RunStoreTests
{
    private string _dir = null!;
    private string _db = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-store").FullName;
        _db = Path.Combine(_dir, "store", "creditpoc.db");
    }

    [TestCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [TestMethod]
    public void NewStoreIsMigratedToTheLatestVersionAndReopeningKeepsIt()
    {
        Assert.AreEqual(StoreDatabase.LatestVersion, new StoreDatabase(_db).SchemaVersion());
        Assert.AreEqual(StoreDatabase.LatestVersion, new StoreDatabase(_db).SchemaVersion());
    }

    [TestMethod]
    public void RunRecordsParametersMetricsArtifactsAndFingerprints()
    {
        var store = new RunStore(_db);
        var input = Path.Combine(_dir, "input.csv");
        File.WriteAllText(input, "a,b\n1,2\n");
        store.StartPipelineRun("p1", new DateOnly(2021, 3, 1), "runs/2021-03-01/p1", "abc123");

        var id = store.StartRun("learn", "notebooks/trial/learn.ipynb", new Dictionary<string, string> { ["TARGET_DATE"] = "2021-03-01" },
            "p1", new Dictionary<string, string> { [input] = Fingerprint.OfFile(input) }, "abc123");
        store.LogMetrics(id, new Dictionary<string, double> { ["auc"] = 0.70 });
        store.LogMetrics(id, new Dictionary<string, double> { ["auc"] = 0.75, ["rows"] = 1000 });
        store.LogArtifacts(id, new Dictionary<string, string> { ["model"] = "model.zip" });
        store.FinishRun(id, RunStatus.Succeeded);

        var run = store.GetRun(id)!;
        Assert.AreEqual("learn", run.Task);
        Assert.AreEqual("p1", run.PipelineRunId);
        Assert.AreEqual("2021-03-01", run.Parameters["TARGET_DATE"]);
        Assert.AreEqual(0.75, run.Metrics["auc"]);
        Assert.AreEqual(1000, run.Metrics["rows"]);
        Assert.AreEqual("model.zip", run.Artifacts["model"]);
        Assert.AreEqual(RunStatus.Succeeded, run.Status);
        Assert.IsNotNull(run.EndedAt);
        StringAssert.StartsWith(run.InputFingerprints[input], "sha256:");
        Assert.AreEqual("abc123", run.CodeVersion);
    }

    [TestMethod]
    public void FingerprintChangesWithContent()
    {
        var file = Path.Combine(_dir, "f.csv");
        File.WriteAllText(file, "x\n1\n");
        var first = Fingerprint.OfFile(file);
        File.WriteAllText(file, "x\n2\n");
        Assert.AreNotEqual(first, Fingerprint.OfFile(file));
    }

    [TestMethod]
    public void RunOfAProcessThatDiedIsMarkedFailedNotRunningForever()
    {
        var store = new RunStore(_db);
        var id = store.StartRun("accumulate", "a.ipynb", new Dictionary<string, string>());
        var ownId = store.StartRun("learn", "l.ipynb", new Dictionary<string, string>());
        using (var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            dead.WaitForExit();
            store.Database.Use(connection =>
                StoreDatabase.Execute(connection, "UPDATE runs SET process_id = $p WHERE id = $id;", null, ("$p", dead.Id), ("$id", id)));
        }

        Assert.AreEqual(1, store.MarkAbandonedRunsFailed());

        var killed = store.GetRun(id)!;
        Assert.AreEqual(RunStatus.Failed, killed.Status);
        StringAssert.Contains(killed.Error, "interrupted");
        Assert.AreEqual(RunStatus.Running, store.GetRun(ownId)!.Status, "a run of a live process is left alone");
    }

    [TestMethod]
    public void ConcurrentWritersFromSeparateConnectionsLoseNothing()
    {
        new StoreDatabase(_db);
        Parallel.For(0, 4, worker =>
        {
            var store = new RunStore(_db);
            for (var i = 0; i < 25; i++)
            {
                var id = store.StartRun($"task{worker}", "nb.ipynb", new Dictionary<string, string>());
                store.LogMetrics(id, new Dictionary<string, double> { ["i"] = i });
                store.FinishRun(id, RunStatus.Succeeded);
            }
        });

        var runs = new RunStore(_db).ListRuns(limit: 1000);
        Assert.HasCount(100, runs);
        Assert.IsTrue(runs.All(r => r.Status == RunStatus.Succeeded && r.Metrics.ContainsKey("i")));
    }
}
