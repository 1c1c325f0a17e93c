using CreditPoC.Tracking;
using CreditPoC.Trial;

namespace CreditPoC.Tests.Trial;

/// <summary>The run folder's file names: Parquet between blocks, attempt numbers on reruns, the newest attempt read.</summary>
[TestClass]
public sealed class TrialPathsTests
{
    private TestData _data = null!;

    [TestInitialize]
    public void Init() => _data = new TestData();

    [TestCleanup]
    public void Cleanup() => _data.Dispose();

    private string Touch(string name)
    {
        var path = Path.Combine(_data.Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, name);
        return path;
    }

    [TestMethod]
    public void TheTablesBetweenBlocksAreParquetAndARerunsFilesCarryItsAttempt()
    {
        var first = new TrialPaths(_data.Folder);
        Assert.AreEqual(Path.Combine(_data.Folder, "accumulated.parquet"), first.Accumulated);
        Assert.AreEqual(Path.Combine(_data.Folder, "features_train.parquet"), first.Features(DataType.Train));
        Assert.AreEqual(Path.Combine(_data.Folder, "model", "model.zip"), first.Model);
        Assert.AreEqual(Path.Combine(_data.Folder, "predictions.csv"), first.Predictions);

        var third = new TrialPaths(_data.Folder, attempt: 3);
        Assert.AreEqual(Path.Combine(_data.Folder, "accumulated.3.parquet"), third.Accumulated);
        Assert.AreEqual(Path.Combine(_data.Folder, "features_test.3.parquet"), third.Features(DataType.Test));
        Assert.AreEqual(Path.Combine(_data.Folder, "model.3", "model.zip"), third.Model);
        Assert.AreEqual(Path.Combine(_data.Folder, "model.3", "reference.json"), third.Reference);
        Assert.AreEqual(Path.Combine(_data.Folder, "predictions.3.csv"), third.Predictions);
        Assert.AreEqual(Path.Combine(_data.Folder, "monitoring.3.json"), third.Monitoring);
    }

    [TestMethod]
    public void LaterTasksReadTheNewestAttemptThatExists()
    {
        Touch("features_train.parquet");
        var second = Touch("features_train.2.parquet");
        Touch("features_train.10.parquet.tmp");
        Touch("features_train_old.parquet");
        Touch("model/reference.json");
        var newestReference = Touch("model.2/reference.json");
        Touch("model.4/model.zip"); // a rerun of learn that failed before it saved the reference

        var learnRerun = new TrialPaths(_data.Folder, attempt: 5);
        Assert.AreEqual(second, TrialPaths.Require(learnRerun.Features(DataType.Train), "feature_engineering (train)"));
        Assert.AreEqual(second, TrialPaths.Latest(Path.Combine(_data.Folder, "features_train.parquet")));
        Assert.AreEqual(newestReference, learnRerun.LatestReference);

        var missing = Assert.ThrowsExactly<UserFacingException>(() => TrialPaths.Require(learnRerun.Accumulated, "accumulate"));
        Assert.AreEqual($"{learnRerun.Accumulated} does not exist: it is written by accumulate, which has not run for this run folder", missing.Message);
    }

    [TestMethod]
    public void TheCurrentTaskAttemptComesFromTheEngine()
    {
        using (RunContext.Use(new RunContext(_data.Folder, Path.Combine(_data.Folder, "store.db"), "r1", "learn", Attempt: 2)))
            Assert.AreEqual(Path.Combine(_data.Folder, "model.2", "model.zip"), TrialPaths.ForCurrentRun().Model);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TrialPaths(_data.Folder, attempt: 0));
    }
}
