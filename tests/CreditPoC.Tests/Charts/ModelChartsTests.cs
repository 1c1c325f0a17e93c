using System.Text.Json;
using CreditPoC.Charts;
using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;
using Plotly.NET;

namespace CreditPoC.Tests.Charts;

[TestClass]
public sealed class ModelChartsTests
{
    private static JsonElement Figure(GenericChart chart) => JsonDocument.Parse(GenericChart.toFigureJson(chart)).RootElement;

    private static double[] Numbers(JsonElement trace, string axis) => trace.GetProperty(axis).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static LeaderboardRow Row(string id, string name, double[] aucs, IReadOnlyList<RocPoint> roc) =>
        new(id, name, aucs.Select((a, i) => new FoldResult(i, a, new ConfusionMatrix(1, 1, 1, 1), 0.1, null)).ToList(), roc);

    [TestMethod]
    public void SimplifyRocKeepsTheEndsAndDropsPointsCloserThanTheResolution()
    {
        // 1,001 points along the diagonal, 0.001 apart, then a jump.
        var points = Enumerable.Range(0, 1001).Select(i => new RocPoint(i / 2000.0, i / 2000.0, 1 - i / 1001.0))
            .Append(new RocPoint(1, 1, 0)).ToList();

        var kept = ModelCharts.SimplifyRoc(points, resolution: 0.01);

        Assert.AreEqual(points[0], kept[0]);
        Assert.AreEqual(points[^1], kept[^1]);
        // 0.5·√2 of diagonal at a spacing of 0.01 is about 71 points, plus the last.
        Assert.IsTrue(kept.Count is > 60 and < 80, $"kept {kept.Count}");
        for (var i = 1; i < kept.Count - 1; i++)
        {
            var dx = kept[i].FalsePositiveRate - kept[i - 1].FalsePositiveRate;
            var dy = kept[i].TruePositiveRate - kept[i - 1].TruePositiveRate;
            Assert.IsGreaterThanOrEqualTo(0.01 - 1e-12, Math.Sqrt(dx * dx + dy * dy));
        }
        Assert.HasCount(2, ModelCharts.SimplifyRoc(points.Take(2).ToList()));
    }

    [TestMethod]
    public void RocCurvesDrawOneSimplifiedLinePerModelAndTheDiagonal()
    {
        var scores = Enumerable.Range(0, 20_000).Select(i => (float)((i * 7919 % 20_000) / 20_000.0)).ToArray();
        var labels = scores.Select((s, i) => s + (i % 3) * 0.2 > 0.7).ToArray();
        var roc = BinaryMetrics.RocCurve(scores, labels, maxPoints: 5000);
        var board = new Leaderboard([Row("lr", "Logistic Regression", [0.70, 0.72], roc), Row("lightgbm", "LightGBM", [0.75, 0.77], roc)],
            "AUC", folds: 2, trainRows: 20_000);

        var chart = ModelCharts.RocCurves(board);
        var json = GenericChart.toFigureJson(chart);
        var traces = Figure(chart).GetProperty("data").EnumerateArray().ToList();

        Assert.HasCount(3, traces);
        StringAssert.StartsWith(traces[0].GetProperty("name").GetString(), "LightGBM (AUC 0.7600 ± 0.0141)");
        StringAssert.StartsWith(traces[1].GetProperty("name").GetString(), "Logistic Regression (AUC 0.7100");
        StringAssert.Contains(traces[2].GetProperty("name").GetString(), "random");
        var x = Numbers(traces[0], "x");
        Assert.IsLessThan(200, x.Length, "simplified to a few hundred points at most");
        Assert.AreEqual(0, x[0]);
        Assert.AreEqual(1, x[^1]);
        Assert.IsLessThan(30_000, json.Length);
    }

    [TestMethod]
    public void RocTrainTestNamesBothAucsAndTheGap()
    {
        var roc = new List<RocPoint> { new(0, 0, 1), new(0.2, 0.7, 0.5), new(1, 1, 0) };
        var evaluation = new EvaluationReport
        {
            Model = "lightgbm", TrainAuc = 0.85, TestAuc = 0.78, KolmogorovSmirnov = 0.4, KsThreshold = 0.1, RocTrain = roc,
            RocTest = roc, PrTest = [], Threshold = 0.5, Confusion = new ConfusionMatrix(1, 1, 1, 1), Calibration = [],
            TrainRows = 800, TestRows = 200,
        };

        var figure = Figure(ModelCharts.RocTrainTest(evaluation));

        var names = figure.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "train (800 rows), AUC 0.8500", "test (200 rows), AUC 0.7800", "random (AUC 0.5)" }, names);
        StringAssert.Contains(figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString(), "AUC gap 0.0700");
    }

    [TestMethod]
    public void TrialHistoryShowsEachTrialAndTheBestSoFar()
    {
        var trials = new[] { 0.70, 0.68, 0.74, double.NaN, 0.73 }
            .Select((auc, i) => new TrialRecord(i + 1, new Dictionary<string, double>(), auc, 10, 1, 0))
            .ToList();
        trials = trials.Select((t, i) => t with { BestSoFar = trials.Take(i + 1).Where(x => double.IsFinite(x.ValidationAuc)).Max(x => x.ValidationAuc) }).ToList();

        var traces = Figure(ModelCharts.TrialHistory(trials, "history")).GetProperty("data").EnumerateArray().ToList();

        Assert.HasCount(2, traces);
        CollectionAssert.AreEqual(new[] { 1.0, 2, 3, 4, 5 }, Numbers(traces[0], "x"));
        Assert.AreEqual(JsonValueKind.Null, traces[0].GetProperty("y")[3].ValueKind, "a failed trial is a gap, not NaN");
        CollectionAssert.AreEqual(new[] { 0.70, 0.70, 0.74, 0.74, 0.74 }, Numbers(traces[1], "y"));
    }

    [TestMethod]
    public void ImportanceShowsTheTopFeaturesLargestOnTop()
    {
        var importance = new[] { ("A", 0.1), ("B", 0.5), ("C", 0.3), ("D", 0.05) }
            .Select(f => new FeatureImportance(f.Item1, f.Item2, 0)).ToList();

        var trace = Figure(ModelCharts.Importance("t", importance, "gain", top: 3)).GetProperty("data")[0];

        // Plotly draws horizontal bars bottom-up: the last label is on top.
        CollectionAssert.AreEqual(new[] { "A", "C", "B" }, trace.GetProperty("y").EnumerateArray().Select(v => v.GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { 0.1, 0.3, 0.5 }, Numbers(trace, "x"));
        Assert.ThrowsExactly<ArgumentException>(() => ModelCharts.Importance("t", importance, "gain", top: 0));
    }

    [TestMethod]
    public void ApplicantExamplesSpreadOverTheRiskRange()
    {
        double[] probabilities = [0.2, 0.9, 0.05, 0.5, 0.1];

        CollectionAssert.AreEqual(new[] { 1, 0, 2 }, ApplicantExamples.SpreadByRisk(probabilities, 3).ToArray());
        CollectionAssert.AreEqual(new[] { 1 }, ApplicantExamples.SpreadByRisk(probabilities, 1).ToArray());
        Assert.HasCount(5, ApplicantExamples.SpreadByRisk(probabilities, 9));
        Assert.IsEmpty(ApplicantExamples.SpreadByRisk([], 3));
        Assert.ThrowsExactly<UserFacingException>(() => ApplicantExamples.SpreadByRisk(probabilities, 0));
    }

    [TestMethod]
    public void ReadableTextNamesValueContributionAndDirection()
    {
        var explanation = new ApplicantExplanation(0, 0.234,
        [
            new Reason("EXT_SOURCE_3", "low", "0.112", 0.45),
            new Reason("NAME_INCOME_TYPE", "Pensioner", "Pensioner", -0.2),
        ]);

        var lines = explanation.ToReadableText("SK_ID_CURR 100002").TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        CollectionAssert.AreEqual(new[]
        {
            "SK_ID_CURR 100002: probability of default 23.4 %",
            "  EXT_SOURCE_3 low (0.112): +0.45 — raises the risk",
            "  NAME_INCOME_TYPE Pensioner: -0.20 — lowers the risk",
        }, lines);
    }

    [TestMethod]
    public void LeaderboardDisplayFrameShowsMeanAndSdBestFirst()
    {
        var roc = new List<RocPoint> { new(0, 0, 1), new(1, 1, 0) };
        var board = new Leaderboard([Row("lr", "Logistic Regression", [0.70, 0.72], roc), Row("rf", "Random Forest", [0.80, 0.80], roc)],
            "AUC", folds: 2, trainRows: 100);

        var frame = board.ToDisplayFrame();

        CollectionAssert.AreEqual(new[] { "Model", "AUC", "Accuracy", "Recall", "Precision", "F1", "Kappa", "MCC", "TT (s)" },
            frame.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual("Random Forest (rf)", frame.Columns["Model"][0]);
        Assert.AreEqual("0.8000\u00a0±\u00a00.0000", frame.Columns["AUC"][0]);
        Assert.AreEqual("0.7100\u00a0±\u00a00.0141", frame.Columns["AUC"][1]);
        Assert.AreEqual("0.10", frame.Columns["TT (s)"][1]);
    }
}
