using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

[TestClass]
[TestCategory("Slow")]
public sealed class CompareModelsTests
{
    private static readonly string[] AllModels = ["lr", "dt", "rf", "svm", "lightgbm"];

    private static void AssertEveryModelHasAFiniteAuc(Leaderboard board)
    {
        Assert.HasCount(5, board.Rows);
        CollectionAssert.AreEquivalent(AllModels, board.Rows.Select(r => r.Model).ToArray());
        foreach (var row in board.Rows)
        {
            Assert.IsTrue(double.IsFinite(row.Auc.Mean), $"{row.Model} AUC {row.Auc}");
            Assert.HasCount(board.Folds, row.Folds);
        }
    }

    [TestMethod]
    public void RanksTheFiveModelsOnATableWithAKnownSignal()
    {
        var lines = new List<string>();
        var exp = Experiment.Setup(SyntheticTables.Credit(2500, seed: 7), "TARGET", "1", ["SK_ID_CURR"], seed: 42, folds: 3,
            progress: lines.Add);
        var board = exp.CompareModels(AllModels, sortBy: "AUC");
        Console.WriteLine(board);

        AssertEveryModelHasAFiniteAuc(board);
        var aucs = board.Rows.Select(r => r.Auc.Mean).ToList();
        CollectionAssert.AreEqual(aucs.OrderByDescending(a => a).ToList(), aucs, "rows are sorted by AUC, best first");
        Assert.IsGreaterThan(0.75, board.Best.Auc.Mean);
        foreach (var row in board.Rows)
        {
            Assert.IsGreaterThan(0.6, row.Auc.Mean, $"{row.Model} learns the signal");
            Assert.IsTrue(row.Accuracy.Mean is > 0.5 and <= 1, $"{row.Model} accuracy {row.Accuracy}");
            Assert.IsTrue(row.Mcc.Mean is > -1 and <= 1 && row.Kappa.Mean is > -1 and <= 1);
            Assert.IsGreaterThanOrEqualTo(0, row.TrainSeconds.Mean);
            Assert.AreEqual(0, row.OutOfFoldRoc[0].TruePositiveRate);
            Assert.AreEqual(1, row.OutOfFoldRoc[^1].TruePositiveRate, 1e-9);
        }
        Assert.HasCount(4, exp.Plan.Ratios, "all four ratio features exist");
        Assert.Contains(l => l.StartsWith("lightgbm: fold 3/3", StringComparison.Ordinal), lines, "progress is reported per fold");

        var frame = board.ToDataFrame();
        Assert.AreEqual(5L, frame.Rows.Count);
        Assert.AreEqual(board.Best.Auc.Mean, (double)frame["AUC"][0]!);
        var path = Path.Combine(Path.GetTempPath(), $"leaderboard-{Guid.NewGuid():N}.csv");
        try
        {
            board.SaveCsv(path);
            var csv = File.ReadAllLines(path);
            Assert.HasCount(6, csv);
            StringAssert.StartsWith(csv[0], "Model,Name,AUC,AUC_SD,Accuracy");
            StringAssert.StartsWith(csv[1], board.Best.Model + ",");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void RunsUnchangedOnAMostlyCategoricalTableWithGoodAndBadLabels()
    {
        var exp = Experiment.Setup(SyntheticTables.Categorical(1000, seed: 3), "STATUS", "bad", seed: 1, folds: 3, progress: _ => { });
        Assert.HasCount(5, exp.Plan.Categorical);
        var board = exp.CompareModels();
        Console.WriteLine(board);
        AssertEveryModelHasAFiniteAuc(board);
        Assert.IsGreaterThan(0.6, board.Best.Auc.Mean);
    }

    [TestMethod]
    public void RunsUnchangedOnATableWithFivePercentPositives()
    {
        var data = SyntheticTables.Credit(2000, seed: 11, intercept: -4.6);
        var exp = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], seed: 5, folds: 3, progress: _ => { });
        Assert.IsTrue(exp.PositiveRate is > 0.03 and < 0.07, $"positive rate {exp.PositiveRate}");
        var board = exp.CompareModels();
        Console.WriteLine(board);
        AssertEveryModelHasAFiniteAuc(board);
    }

    [TestMethod]
    public void SameSeedAndDataGiveAnIdenticalLeaderboardAndIdenticalBestParameters()
    {
        (string[] Board, LightGbmParameters Best, double[] Trials) Run()
        {
            var exp = Experiment.Setup(SyntheticTables.Credit(1500, seed: 21), "TARGET", "1", ["SK_ID_CURR"], seed: 8, folds: 3,
                progress: _ => { });
            var board = exp.CompareModels();
            var rows = board.Rows.Select(r =>
                $"{r.Model} {r.Auc.Mean:R} {r.Auc.Sd:R} {r.Accuracy.Mean:R} {r.Recall.Mean:R} {r.Precision.Mean:R} {r.F1.Mean:R} {r.Kappa.Mean:R} {r.Mcc.Mean:R} " +
                string.Join("/", r.Folds.Select(f => f.Rounds))).ToArray();
            var tuned = exp.TuneModel(trials: 6);
            return (rows, tuned.BestParameters, tuned.Trials.Select(t => t.ValidationAuc).ToArray());
        }

        var first = Run();
        var second = Run();
        CollectionAssert.AreEqual(first.Board, second.Board);
        Assert.AreEqual(first.Best, second.Best);
        CollectionAssert.AreEqual(first.Trials, second.Trials);
    }

    [TestMethod]
    public void SampleRowsTakesAStratifiedSampleFirst()
    {
        var data = SyntheticTables.Credit(3000, seed: 2);
        var exp = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], sampleRows: 900, folds: 3, progress: _ => { });
        Assert.AreEqual(900, exp.TrainCount + exp.TestCount, 1);
        Assert.AreEqual(180, exp.TestCount, 2);
        var full = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], folds: 3, progress: _ => { });
        Assert.AreEqual(full.PositiveRate, exp.PositiveRate, 0.01);
    }
}
