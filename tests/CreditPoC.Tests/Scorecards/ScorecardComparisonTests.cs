using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Scorecards;

/// <summary>The scorecard on the comparison's leaderboard: same folds, binning fitted inside each fold.</summary>
[TestClass]
public sealed class ScorecardComparisonTests
{
    private static DataFrame _data = null!;

    [ClassInitialize]
    public static void Init(TestContext _)
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-scorecard-compare").FullName;
        var csv = Path.Combine(folder, "application_train.csv");
        HomeCreditGenerator.Generate(csv, 8_000, 5, overwrite: true);
        _data = CsvTableLoader.Load(csv, TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml")));
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void TheScorecardSitsOnTheLeaderboardBesideTheModelsOnTheSameFolds()
    {
        var experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 3, progress: _ => { });

        var leaderboard = experiment.CompareModels(["lr", "scorecard"]);

        var card = leaderboard.Rows.Single(r => r.Model == "scorecard");
        var lr = leaderboard.Rows.Single(r => r.Model == "lr");
        Console.WriteLine(leaderboard);
        Assert.AreEqual("Scorecard", card.Name);
        Assert.HasCount(3, card.Folds);
        Assert.AreEqual(lr.OutOfFoldRoc.Count > 0, card.OutOfFoldRoc.Count > 0);
        Assert.IsGreaterThan(0.68, card.Auc.Mean, $"scorecard AUC {card.Auc}");
        Assert.IsLessThan(0.04, Math.Abs(card.Auc.Mean - lr.Auc.Mean), $"scorecard {card.Auc} against lr {lr.Auc}");
        StringAssert.Contains(leaderboard.ToCsv(), "scorecard,");
    }

    [TestMethod]
    public void WithTheTargetShuffledTheCrossValidatedAucIsAHalfSoNothingLeaksThroughTheBinning()
    {
        var shuffled = _data.Clone();
        var target = shuffled.Columns["TARGET"];
        var values = Enumerable.Range(0, (int)target.Length).Select(i => target[i]).ToArray();
        new Random(2).Shuffle(values);
        for (var i = 0; i < values.Length; i++) target[i] = values[i];
        var experiment = Experiment.Setup(shuffled, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 5, progress: _ => { });

        // Every characteristic enters (no IV floor, no correlation drop): binning on all rows first would show here.
        var leaderboard = experiment.CompareModels(["scorecard"], scorecard: new BinningProcessOptions { MinIv = 0, MaxCorrelation = 1 });

        var auc = leaderboard.Rows.Single().Auc;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shuffled target, 8,000 rows, 5 folds: scorecard AUC {auc}"));
        Assert.AreEqual(0.5, auc.Mean, 0.03, $"AUC {auc}");
    }

    [TestMethod]
    public void CreateModelPointsTheScorecardToCreateScorecardAndTuneRefusesIt()
    {
        var experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 3, sampleRows: 2000, progress: _ => { });

        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => experiment.CreateModel("scorecard")).Message, "CreateScorecard");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => experiment.TuneModel("scorecard")).Message, "lightgbm only");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => experiment.CompareModels(["scorecrd"])).Message, "scorecard");
    }

    [TestMethod]
    public void CreateScorecardFitsOnTheTrainingPartAndEvaluatesOnTheTestSplit()
    {
        var experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 3, progress: _ => { });
        var schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));

        var fit = experiment.CreateScorecard(schema: schema);
        var report = experiment.EvaluateScorecard(fit.Card);

        Console.WriteLine(report);
        Assert.AreEqual("scorecard", report.Model);
        Assert.AreEqual(experiment.TestCount, report.TestRows);
        Assert.IsGreaterThan(0.68, report.TestAuc);
        Assert.IsGreaterThan(0.2, report.KolmogorovSmirnov);
        Assert.AreEqual(fit.Binning.Characteristics.Sum(c => c.Bins.Sum(b => b.Count)) / fit.Binning.Characteristics.Count, experiment.TrainCount,
            "every characteristic was binned on the training part's rows, and only those");
        Assert.IsTrue(fit.Binning.Characteristics.Any(c => c.Name == "CREDIT_TO_ANNUITY"), "the credit ratios are characteristics too");
    }
}
