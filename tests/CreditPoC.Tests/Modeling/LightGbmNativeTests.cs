using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class LightGbmNativeTests
{
    /// <summary>Random rows: x0 numeric with NaNs, x1 numeric, x2 a category of 5 levels; the label depends on all three.</summary>
    internal static (FeatureMatrix Matrix, bool[] Labels) RandomRows(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * 3];
        var labels = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var x0 = random.NextDouble() < 0.2 ? float.NaN : (float)random.NextDouble();
            var x1 = (float)(random.NextDouble() * 10);
            var x2 = random.Next(5);
            values[r * 3] = x0;
            values[r * 3 + 1] = x1;
            values[r * 3 + 2] = x2;
            var logit = (float.IsNaN(x0) ? 0.5 : 2 * x0 - 1) + 0.2 * (x1 - 5) + (x2 is 1 or 3 ? 1 : -0.5);
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
        }
        return (new FeatureMatrix(values, rows, 3), labels);
    }

    private static readonly LightGbmParameters Small = LightGbmParameters.Default with { NumLeaves = 7, NumBoostRound = 200, EarlyStoppingRounds = 10, MinChildSamples = 20 };

    [TestMethod]
    public void TrainingStopsEarlyAndTheSameSeedGivesTheSameModel()
    {
        var (matrix, labels) = RandomRows(4000, 1);
        var parameters = LightGbmParameters.DatasetParameters([2], 1, 1);
        using var full = LightGbmDataset.Create(matrix, labels, parameters);
        using var fit = full.Subset(Enumerable.Range(0, 3200).ToArray(), parameters);
        using var validation = full.Subset(Enumerable.Range(3200, 800).ToArray(), parameters);
        using var first = LightGbmTraining.Train(fit, validation, Small, seed: 3, threads: 1);
        using var second = LightGbmTraining.Train(fit, validation, Small, seed: 3, threads: 1);
        Assert.IsLessThan(200, first.Rounds, "stopped early");
        Assert.IsGreaterThan(1, first.Rounds);
        Assert.AreEqual(first.ModelText(), second.ModelText());
        StringAssert.Contains(first.ModelText(), "num_cat=", "categorical splits are LightGBM's own");
        Assert.AreEqual(first.Rounds, first.ModelText().Split('\n').Count(l => l.StartsWith("Tree=", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void AModelTextLoadsBackAndPredictsTheSame()
    {
        var (matrix, labels) = RandomRows(3000, 2);
        using var data = LightGbmDataset.Create(matrix, labels, LightGbmParameters.DatasetParameters([2], 1, 1));
        using var fit = LightGbmTraining.Train(data, null, Small with { NumBoostRound = 20 }, seed: 1, threads: 1);
        using var loaded = LightGbmBooster.FromModelText(fit.ModelText());
        var raw = fit.RawScores(matrix, 2);
        CollectionAssert.AreEqual(raw, loaded.Predict(matrix, LightGbmNative.PredictRawScore, 1));
        var contributions = loaded.Predict(matrix, LightGbmNative.PredictContrib, 2);
        Assert.HasCount(matrix.Rows * 4, contributions);
        for (var r = 0; r < 10; r++)
            Assert.AreEqual(raw[r], contributions.Skip(r * 4).Take(4).Sum(), 1e-9, "SHAP values sum to the raw score");
    }
}
