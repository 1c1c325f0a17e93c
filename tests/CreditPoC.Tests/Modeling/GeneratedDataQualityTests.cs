using System.Diagnostics;
using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Metrics;
using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

/// <summary>
/// The quality floors of the PoC on generated data, where the generator's truth file gives each applicant's true
/// default probability and so the best AUC any model could reach on the same rows. 100,000 rows, 3 folds, 10 TPE
/// trials: about 4 minutes on the shared 2-core machine (2 min 10 s of CPU), hence Slow.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class GeneratedDataQualityTests
{
    private const int Rows = 100_000;
    private static string _folder = null!;
    private static Leaderboard _leaderboard = null!;
    private static double _tunedTestAuc;
    private static double _bestAchievableAuc;

    [ClassInitialize]
    public static void Run(TestContext context)
    {
        _folder = Directory.CreateTempSubdirectory("creditpoc-quality").FullName;
        var csv = Path.Combine(_folder, "application_train.csv");
        var clock = Stopwatch.StartNew();
        HomeCreditGenerator.Generate(csv, Rows, seed: 42, overwrite: true);
        var data = Load(csv);
        var experiment = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], seed: 42, folds: 3, progress: _ => { });
        _leaderboard = experiment.CompareModels(["lr", "lightgbm"]);
        var compared = clock.Elapsed;
        var tuning = experiment.TuneModel("lightgbm", trials: 10, searcher: "tpe");
        _tunedTestAuc = experiment.Evaluate(tuning.BestModel).TestAuc;
        _bestAchievableAuc = BestAchievableAuc(data, csv, experiment);
        context.WriteLine($"{Rows:N0} generated rows: {_leaderboard}");
        context.WriteLine($"tuned LightGBM test AUC {_tunedTestAuc:F4}, best achievable {_bestAchievableAuc:F4} " +
                          $"({_tunedTestAuc / _bestAchievableAuc:P1}); compare {compared.TotalSeconds:F0} s, all {clock.Elapsed.TotalSeconds:F0} s; {tuning}");
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_folder, recursive: true);

    internal static DataFrame Load(string csv) =>
        CsvTableLoader.Load(csv, TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml")));

    /// <summary>The AUC of the true default probabilities on the experiment's test rows.</summary>
    private static double BestAchievableAuc(DataFrame data, string csv, Experiment experiment)
    {
        var truth = File.ReadLines(HomeCreditGenerator.TruthPathFor(csv)).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => double.Parse(f[1], CultureInfo.InvariantCulture));
        var ids = data.Columns["SK_ID_CURR"];
        var labels = data.Columns["TARGET"];
        var rows = experiment.TestSourceRows;
        var scores = rows.Select(r => (float)truth[Convert.ToInt64(ids[r], CultureInfo.InvariantCulture)]).ToArray();
        var positives = rows.Select(r => Convert.ToInt32(labels[r], CultureInfo.InvariantCulture) == 1).ToArray();
        return RocAuc.Compute(scores, positives);
    }

    [TestMethod]
    public void LightGbmRanksFirstAndAboveLogisticRegression()
    {
        var lightgbm = _leaderboard.Rows.Single(r => r.Model == "lightgbm").Auc.Mean;
        var lr = _leaderboard.Rows.Single(r => r.Model == "lr").Auc.Mean;
        Assert.AreEqual("lightgbm", _leaderboard.Best.Model, _leaderboard.ToString());
        Assert.IsGreaterThan(lr, lightgbm);
        Assert.IsGreaterThan(lr, _tunedTestAuc, "tuned LightGBM on the test split above logistic regression's CV AUC");
    }

    [TestMethod]
    public void TunedLightGbmReaches97PercentOfTheBestAchievableTestAuc()
    {
        Assert.IsTrue(_bestAchievableAuc is > 0.7 and < 0.9, $"best achievable AUC {_bestAchievableAuc}");
        Assert.IsGreaterThanOrEqualTo(0.97 * _bestAchievableAuc, _tunedTestAuc,
            $"tuned test AUC {_tunedTestAuc:F4} against best achievable {_bestAchievableAuc:F4}");
    }

    [TestMethod]
    public void LightGbmBeatsLogisticRegressionByAtLeastOneHundredthAuc()
    {
        var lightgbm = _leaderboard.Rows.Single(r => r.Model == "lightgbm").Auc.Mean;
        var lr = _leaderboard.Rows.Single(r => r.Model == "lr").Auc.Mean;
        Assert.IsGreaterThanOrEqualTo(lr + 0.01, lightgbm, $"LightGBM {lightgbm:F4}, logistic regression {lr:F4}");
    }
}

/// <summary>Same data and seed, same results: generated data, all five models and a short tuning, run twice.</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class GeneratedDataDeterminismTests
{
    [TestMethod]
    public void TheSameSeedGivesAnIdenticalLeaderboardAndBestParameters()
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-seed").FullName;
        var csv = Path.Combine(folder, "small.csv");
        HomeCreditGenerator.Generate(csv, 2000, seed: 7, overwrite: true);

        (string Metrics, LightGbmParameters Best) RunOnce()
        {
            var experiment = Experiment.Setup(GeneratedDataQualityTests.Load(csv), "TARGET", "1", ["SK_ID_CURR"], seed: 5, folds: 3, progress: _ => { });
            var board = experiment.CompareModels();
            // Everything but the training seconds, to the last bit.
            var metrics = string.Join("\n", board.Rows.Select(r => r.Model + ": " + string.Join(" ", r.Folds.Select(f =>
                $"{f.Auc:R} {f.Confusion} {f.Rounds}")) + " | " + string.Join(" ", r.OutOfFoldRoc.Select(p => $"{p.FalsePositiveRate:R},{p.TruePositiveRate:R}"))));
            return (metrics, experiment.TuneModel("lightgbm", trials: 3).BestParameters);
        }

        var first = RunOnce();
        var second = RunOnce();

        Directory.Delete(folder, recursive: true);
        Assert.AreEqual(first.Metrics, second.Metrics);
        Assert.AreEqual(first.Best, second.Best);
        Assert.HasCount(5, first.Metrics.Split('\n'), "five models");
    }
}
