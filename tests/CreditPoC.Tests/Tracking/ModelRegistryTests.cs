using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tests.Tracking;

[TestClass]
public sealed class ModelRegistryTests
{
    private string _dir = null!;
    private ModelRegistry _registry = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-registry").FullName;
        _registry = new ModelRegistry(Path.Combine(_dir, "creditpoc.db"));
    }

    [TestCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [TestMethod]
    public void VersionsCountUpAndTheNewestServesWhileNoneIsPromoted()
    {
        var v1 = _registry.Register("m1.zip", new Dictionary<string, double> { ["auc"] = 0.74 });
        var v2 = _registry.Register("m2.zip", new Dictionary<string, double> { ["auc"] = 0.76 });

        Assert.AreEqual(v1 + 1, v2);
        Assert.IsNull(_registry.Production());
        Assert.AreEqual(v2, _registry.Serving()!.Version);
        Assert.AreEqual(0.76, _registry.Get(v2)!.Metrics["auc"]);

        _registry.Register("failed.zip", new Dictionary<string, double>(), gatePassed: false, gateReasons: ["leak"]);
        Assert.AreEqual(v2, _registry.Serving()!.Version, "a version that failed the gate never serves unless promoted");
    }

    [TestMethod]
    public void PromotingArchivesThePreviousProductionVersion()
    {
        var v1 = _registry.Register("m1.zip", new Dictionary<string, double>());
        var v2 = _registry.Register("m2.zip", new Dictionary<string, double>());
        _registry.Transition(v1, ModelStage.Production);
        _registry.Transition(v2, ModelStage.Production);

        Assert.AreEqual(ModelStage.Archived, _registry.Get(v1)!.Stage);
        Assert.AreEqual(v2, _registry.Production()!.Version);
        Assert.AreEqual(v2, _registry.Serving()!.Version);
        var history = _registry.History(v1);
        Assert.HasCount(2, history);
        Assert.AreEqual(ModelStage.Archived, history[1].To);
        StringAssert.Contains(history[1].Reason, $"version {v2}");
        Assert.AreEqual(1, _registry.List().Count(m => m.Stage == ModelStage.Production));
    }

    [TestMethod]
    public void AModelThatFailedTheGateNeedsAnOverrideReasonWhichIsRecorded()
    {
        var good = _registry.Register("good.zip", new Dictionary<string, double>(), gatePassed: true);
        _registry.Transition(good, ModelStage.Production);
        var bad = _registry.Register("bad.zip", new Dictionary<string, double>(), gatePassed: false, gateReasons: ["AUC 0.995 above 0.99: leak suspected"]);

        var error = Assert.ThrowsExactly<UserFacingException>(() => _registry.Transition(bad, ModelStage.Production));
        StringAssert.Contains(error.Message, "leak suspected");
        StringAssert.Contains(error.Message, "--override");
        Assert.AreEqual(good, _registry.Production()!.Version, "the refused promotion leaves Production as it was");

        _registry.Transition(bad, ModelStage.Production, overrideReason: "approved by risk committee");
        Assert.AreEqual(bad, _registry.Production()!.Version);
        StringAssert.Contains(_registry.History(bad)[^1].Reason, "approved by risk committee");
    }

    [TestMethod]
    public void UnknownVersionIsAClearError()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => _registry.Transition(42, ModelStage.Production));
        StringAssert.Contains(error.Message, "model version 42");
    }

    [TestMethod]
    public void EachVersionRecordsItsKindGivenOrReadFromTheFile()
    {
        var yaml = Path.Combine(_dir, "scorecard.yaml");
        File.WriteAllText(yaml, "# CreditPoC scorecard\nkind: scorecard\nbase_score: 600\n");

        var given = _registry.Register("m.zip", new Dictionary<string, double>(), kind: "lightgbm");
        var read = _registry.Register(yaml, new Dictionary<string, double>());
        var missing = _registry.Register("gone.zip", new Dictionary<string, double>());

        Assert.AreEqual("lightgbm", _registry.Get(given)!.Kind);
        Assert.AreEqual("scorecard", _registry.Get(read)!.Kind);
        Assert.AreEqual("unknown", _registry.Get(missing)!.Kind, "a file that is not there has no kind to read");
        CollectionAssert.AreEqual(new[] { "unknown", "scorecard", "lightgbm" }, _registry.List().Select(m => m.Kind).ToArray());
    }
}
