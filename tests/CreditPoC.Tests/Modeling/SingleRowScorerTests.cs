using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class SingleRowScorerTests
{
    private static DataFrame _data = null!;
    private static Experiment _experiment = null!;

    [ClassInitialize]
    public static void Fit(TestContext _)
    {
        _data = SyntheticTables.Credit(1500, seed: 7);
        _experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 2, progress: _ => { });
    }

    private static Dictionary<string, object?> Row(DataFrame data, int row) =>
        data.Columns.ToDictionary(c => c.Name, c => (object?)c[row]);

    [TestMethod]
    [DataRow("lightgbm")]
    [DataRow("lr")]
    public void GivesTheSameScoreAsPredictForEveryRow(string family)
    {
        var model = _experiment.CreateModel(family);
        var sample = _data.Head(300);
        var batch = model.Predict(sample);
        var scorer = model.CreateScorer();
        for (var i = 0; i < batch.Length; i++)
            Assert.AreEqual(batch[i], scorer.Score(Row(sample, i)), 1e-6, $"{family} row {i}");
        Assert.IsGreaterThan(0.0, batch.Max() - batch.Min(), "the rows get different scores, so the check means something");
    }

    [TestMethod]
    public void ScoresAMissingKeyAsMissingAndTakesNumbersAsText()
    {
        var model = _experiment.CreateModel("lightgbm");
        var scorer = model.CreateScorer();
        var row = Row(_data, 0);
        var numeric = model.InputColumns.First(c => !model.Metadata.Plan.IsCategorical(c));
        var withNull = new Dictionary<string, object?>(row) { [numeric] = null };
        var withoutKey = new Dictionary<string, object?>(row);
        withoutKey.Remove(numeric);
        Assert.AreEqual(scorer.Score(withNull), scorer.Score(withoutKey));
        var asText = row.ToDictionary(kv => kv.Key, kv => (object?)(kv.Value is null ? null : Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.AreEqual(scorer.Score(row), scorer.Score(asText), 1e-6);
        var bad = new Dictionary<string, object?>(row) { [numeric] = "abc" };
        var error = Assert.ThrowsExactly<UserFacingException>(() => scorer.Score(bad));
        Assert.Contains(numeric, error.Message);
    }

    [TestMethod]
    public void PredictScoresALargeTableInChunksInRowOrder()
    {
        var model = _experiment.CreateModel("lightgbm");
        var large = SyntheticTables.Credit(45_000, seed: 11);
        var scores = model.Predict(large);
        Assert.HasCount(45_000, scores);
        var scorer = model.CreateScorer();
        foreach (var row in new[] { 0, 1, 22_499, 22_500, 22_501, 44_999 })
            Assert.AreEqual(scorer.Score(Row(large, row)), scores[row], 1e-6, $"row {row}, around the chunk boundary");
    }
}
