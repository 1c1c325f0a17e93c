using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class TuneEvaluateInterpretTests
{
    private static Experiment _experiment = null!;
    private static TuningResult _tuned = null!;
    private string _dir = null!;

    [ClassInitialize]
    public static void Tune(TestContext _)
    {
        _experiment = Experiment.Setup(SyntheticTables.Credit(2500, seed: 13), "TARGET", "1", ["SK_ID_CURR"], seed: 17, folds: 3,
            progress: _ => { });
        _tuned = _experiment.TuneModel("lightgbm", trials: 12, searcher: "tpe");
    }

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-tune").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void TuningRecordsEveryTrialScoredOnTheValidationSplit()
    {
        Assert.HasCount(12, _tuned.Trials);
        CollectionAssert.AreEqual(Enumerable.Range(1, 12).ToArray(), _tuned.Trials.Select(t => t.Number).ToArray());
        foreach (var t in _tuned.Trials)
        {
            Assert.IsTrue(t.ValidationAuc is > 0.5 and <= 1, $"trial {t.Number} AUC {t.ValidationAuc}");
            Assert.IsGreaterThanOrEqualTo(1, t.Rounds);
            Assert.HasCount(8, t.Parameters);
            foreach (var p in SearchSpace.LightGbm.Parameters)
                Assert.IsTrue(t.Parameters[p.Name] >= p.Low && t.Parameters[p.Name] <= p.High, $"{p.Name} in range");
        }
        var best = _tuned.Trials.Max(t => t.ValidationAuc);
        Assert.AreEqual(best, _tuned.BestTrial.ValidationAuc);
        Assert.AreEqual(best, _tuned.Trials[^1].BestSoFar);
        Assert.AreEqual(LightGbmParameters.FromPoint(_tuned.BestTrial.Parameters), _tuned.BestParameters);
        Assert.AreEqual(_tuned.BestParameters, _tuned.BestModel.Parameters);
        Assert.AreEqual(_tuned.BestTrial.Rounds, _tuned.BestModel.Rounds, "the best model is refitted exactly as in its trial");
        Assert.AreEqual(_experiment.TrainCount, _tuned.FitRows + _tuned.ValidationRows);
        Assert.AreEqual(0.2 * _experiment.TrainCount, _tuned.ValidationRows, 2);
        Assert.AreEqual(1.0, _tuned.ParameterImportance.Sum(p => p.Value), 1e-9);
    }

    [TestMethod]
    public void TrialsCsvAndBestYamlAreWrittenAndReadBack()
    {
        var csv = Path.Combine(_dir, "trials.csv");
        _tuned.SaveTrialsCsv(csv);
        var lines = File.ReadAllLines(csv);
        Assert.HasCount(13, lines);
        Assert.AreEqual("trial,lambda_l1,lambda_l2,num_leaves,feature_fraction,bagging_fraction,bagging_freq,min_child_samples,learning_rate,validation_auc,best_so_far,rounds,seconds", lines[0]);
        Assert.AreEqual(12L, _tuned.ToDataFrame().Rows.Count);

        var yaml = Path.Combine(_dir, "parameters", "lightgbm.best.yaml");
        _tuned.SaveBestYaml(yaml);
        var text = File.ReadAllText(yaml);
        StringAssert.Contains(text, "num_leaves: ");
        StringAssert.Contains(text, "lambda_l1: ");
        StringAssert.Contains(text, "# best of 12 trials (tpe search)");
        Assert.AreEqual(_tuned.BestParameters, LightGbmParameters.LoadYaml(yaml));
    }

    [TestMethod]
    public void BadParameterFilesAreClearErrors()
    {
        var unknown = Path.Combine(_dir, "unknown.yaml");
        File.WriteAllText(unknown, "num_leaves: 31\nmax_depth: 7\n");
        var error = Assert.ThrowsExactly<UserFacingException>(() => LightGbmParameters.LoadYaml(unknown));
        StringAssert.Contains(error.Message, "unknown.yaml");
        StringAssert.Contains(error.Message, "max_depth");

        var range = Path.Combine(_dir, "range.yaml");
        File.WriteAllText(range, "num_leaves: 1\n");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => LightGbmParameters.LoadYaml(range)).Message, "num_leaves must be >= 2");
    }

    [TestMethod]
    public void RandomSearchAndTimeoutUseTheSameInterface()
    {
        var random = _experiment.TuneModel(trials: 2, searcher: "random");
        Assert.AreEqual("random", random.Searcher);
        Assert.HasCount(2, random.Trials);
        var timed = _experiment.TuneModel(trials: 5, timeout: TimeSpan.Zero);
        Assert.HasCount(1, timed.Trials, "a zero timeout still runs the first trial, and no other");
        Assert.IsTrue(timed.StoppedByTimeout);
    }

    [TestMethod]
    public void EvaluateGivesCurvesKsGiniConfusionAndCalibrationOnTheTestSplit()
    {
        var report = _experiment.Evaluate(_tuned.BestModel, threshold: 0.3);
        Console.WriteLine(report);
        Assert.IsTrue(report.TestAuc is > 0.7 and <= 1, $"test AUC {report.TestAuc}");
        Assert.AreEqual(report.TrainAuc - report.TestAuc, report.AucGap, 1e-12);
        Assert.AreEqual(2 * report.TestAuc - 1, report.Gini, 1e-12);
        Assert.IsTrue(report.KolmogorovSmirnov is > 0 and < 1);
        foreach (var roc in new[] { report.RocTrain, report.RocTest })
        {
            Assert.AreEqual(0, roc[0].FalsePositiveRate);
            Assert.AreEqual(1, roc[^1].FalsePositiveRate, 1e-9);
            Assert.AreEqual(1, roc[^1].TruePositiveRate, 1e-9);
            for (var i = 1; i < roc.Count; i++)
                Assert.IsTrue(roc[i].FalsePositiveRate >= roc[i - 1].FalsePositiveRate && roc[i].TruePositiveRate >= roc[i - 1].TruePositiveRate);
            Assert.IsLessThanOrEqualTo(200, roc.Count);
        }
        Assert.AreEqual(1, report.PrTest[^1].Recall, 1e-9);
        Assert.AreEqual((long)_experiment.TestCount, report.Confusion.Total);
        Assert.AreEqual((long)_experiment.TestCount, report.Calibration.Sum(b => b.Count));
        Assert.AreEqual(0.3, report.Threshold);
    }

    [TestMethod]
    public void InterpretMapsImportanceBackToSourceColumns()
    {
        var report = _experiment.Interpret(_tuned.BestModel, maxRows: 400);
        Console.WriteLine(report);
        var features = _tuned.BestModel.Features.ToHashSet();
        Assert.IsNotEmpty(report.Gain);
        Assert.IsNotEmpty(report.Permutation);
        foreach (var f in report.Gain.Concat(report.Permutation))
            Assert.Contains(f.Feature, features, "importance is per source column, not per one-hot slot");
        Assert.AreEqual(1.0, report.Gain.Sum(f => f.Importance), 1e-6);
        CollectionAssert.IsSubsetOf(report.Permutation.Take(2).Select(f => f.Feature).ToList(), new[] { "EXT_SOURCE_3", "EXT_SOURCE_2", "EXT_SOURCE_1" });
        Assert.AreEqual(400, report.PermutationRows, 2);
        Assert.AreEqual((long)features.Count, report.ToDataFrame().Rows.Count);
    }

    [TestMethod]
    public void SelectTopFeaturesRefitsOnTheTopColumnsOnly()
    {
        var top = _experiment.SelectTopFeatures(_tuned.BestModel, 4);
        Assert.HasCount(4, top.Features);
        var gain = _tuned.BestModel.Metadata.GainImportance!.OrderByDescending(kv => kv.Value).Take(4).Select(kv => kv.Key).ToList();
        CollectionAssert.AreEquivalent(gain, top.Features.ToList());
        Assert.AreEqual(_tuned.BestParameters, top.Parameters);
        Assert.IsTrue(double.IsFinite(_experiment.Evaluate(top).TestAuc));

        var linear = _experiment.SelectTopFeatures(_experiment.CreateModel("lr"), 3);
        Assert.HasCount(3, linear.Features);
    }
}
