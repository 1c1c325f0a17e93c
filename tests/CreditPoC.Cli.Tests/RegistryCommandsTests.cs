using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class RegistryCommandsTests
{
    private string _dir = null!;
    private string _db = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-cli-store").FullName;
        _db = Path.Combine(_dir, "creditpoc.db");
    }

    [TestCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [TestMethod]
    public void PromoteRefusesAFailedModelUnlessOverriddenAndRecordsTheReason()
    {
        var registry = new ModelRegistry(_db);
        var good = registry.Register("good.zip", new Dictionary<string, double> { ["auc"] = 0.75 }, gatePassed: true);
        var bad = registry.Register("bad.zip", new Dictionary<string, double> { ["auc"] = 0.995 }, gatePassed: false, gateReasons: ["AUC above 0.99"]);

        Assert.AreEqual(0, CliRunner.Run("models", "promote", good.ToString(), "--store", _db).Code);
        var refused = CliRunner.Run("models", "promote", bad.ToString(), "--stage", "Production", "--store", _db);
        Assert.AreEqual(1, refused.Code);
        StringAssert.Contains(refused.Error, "AUC above 0.99");

        var forced = CliRunner.Run("models", "promote", bad.ToString(), "--override", "checked by hand", "--store", _db);
        Assert.AreEqual(0, forced.Code, forced.Error);
        Assert.AreEqual(ModelStage.Archived, registry.Get(good)!.Stage);
        StringAssert.Contains(CliRunner.Run("models", "show", bad.ToString(), "--store", _db).Output, "checked by hand");

        var list = CliRunner.Run("models", "list", "--store", _db).Output;
        StringAssert.Contains(list, "Production");
        StringAssert.Contains(list, "FAIL");
        StringAssert.Contains(list, "0.7500");
    }

    [TestMethod]
    public void RunsListAndShowPrintWhatWasRecorded()
    {
        var store = new RunStore(_db);
        var id = store.StartRun("learn", "notebooks/trial/learn.ipynb", new Dictionary<string, string> { ["TARGET_DATE"] = "2021-03-01" });
        store.LogMetrics(id, new Dictionary<string, double> { ["auc"] = 0.77 });
        store.FinishRun(id, RunStatus.Succeeded);

        var list = CliRunner.Run("runs", "list", "--store", _db);
        Assert.AreEqual(0, list.Code);
        StringAssert.Contains(list.Output, "learn");
        StringAssert.Contains(list.Output, "succeeded");
        var show = CliRunner.Run("runs", "show", id.ToString(), "--store", _db);
        StringAssert.Contains(show.Output, "2021-03-01");
        StringAssert.Contains(show.Output, "0.77");
    }

    [TestMethod]
    public void MissingStoreOrBadVersionIsAClearError()
    {
        var missing = CliRunner.Run("runs", "list", "--store", Path.Combine(_dir, "none.db"));
        Assert.AreEqual(1, missing.Code);
        StringAssert.Contains(missing.Error, "no run store");

        new ModelRegistry(_db);
        var bad = CliRunner.Run("models", "promote", "seven", "--store", _db);
        Assert.AreEqual(2, bad.Code);
        StringAssert.Contains(bad.Error, "model version");
    }
}
