using CreditPoC.Monitoring;

namespace CreditPoC.Tests.Monitoring;

[TestClass]
public sealed class DriftDetectorTests
{
    private static readonly DriftDetector Detector = new(new DriftThresholds());

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static List<double?> Normal(Random random, int n, double mean, double missingRate = 0.1) =>
        Enumerable.Range(0, n).Select(_ => random.NextDouble() < missingRate ? (double?)null : mean + Gaussian(random)).ToList();

    private static List<string?> Levels(Random random, int n, params (string Level, double Weight)[] levels)
    {
        var total = levels.Sum(l => l.Weight);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var u = random.NextDouble() * total;
            foreach (var (level, weight) in levels) { if ((u -= weight) < 0) return level; }
            return levels[^1].Level;
        }).ToList<string?>();
    }

    [TestMethod]
    public void DistributionFunctionsMatchTableValues()
    {
        Assert.AreEqual(0.05, Statistics.ChiSquareSurvival(3.841, 1), 1e-3);
        Assert.AreEqual(0.05, Statistics.ChiSquareSurvival(18.307, 10), 1e-3);
        Assert.AreEqual(0.01, Statistics.ChiSquareSurvival(6.635, 1), 1e-3);
        Assert.AreEqual(0.05, Statistics.KolmogorovSurvival(1.358), 1e-3);
        Assert.AreEqual(1.0, Statistics.KolmogorovSurvival(0.1));
    }

    [TestMethod]
    public void UndriftedBatchesNeverReachTheAlertBandOverManySeeds()
    {
        var random = new Random(1);
        var reference = FeatureReference.Numeric("x", Normal(random, 50_000, 0));
        var category = FeatureReference.Categorical("c", Levels(random, 50_000, ("a", 6), ("b", 3), ("c", 1)));
        var statuses = new List<DriftStatus>();
        for (var seed = 0; seed < 30; seed++)
        {
            var batch = new Random(100 + seed);
            var features = new[]
            {
                Detector.Numeric(reference, Normal(batch, 3000, 0)),
                Detector.Categorical(category, Levels(batch, 3000, ("a", 6), ("b", 3), ("c", 1))),
            };
            Assert.IsTrue(features.All(f => f.Psi < Detector.Thresholds.PsiWarn), $"seed {seed}: PSI {features[0].Psi}, {features[1].Psi}");
            statuses.Add(Detector.Summarize(features, 3000).Status);
        }
        Assert.IsTrue(statuses.All(s => s == DriftStatus.OK));
    }

    [TestMethod]
    public void ShiftedNumbersAndANewCategoryAreFlaggedAsAlert()
    {
        var random = new Random(2);
        var reference = FeatureReference.Numeric("EXT_SOURCE_2", Normal(random, 20_000, 0));
        var category = FeatureReference.Categorical("ORGANIZATION_TYPE", Levels(random, 20_000, ("a", 6), ("b", 4)));

        var shifted = Detector.Numeric(reference, Normal(random, 3000, -1));
        var newLevel = Detector.Categorical(category, Levels(random, 3000, ("a", 5), ("b", 3), ("Crypto exchange", 2)));

        Assert.AreEqual(DriftStatus.ALERT, shifted.Status);
        Assert.IsGreaterThan(0.25, shifted.Psi);
        Assert.IsLessThan(1e-6, shifted.PValue);
        Assert.AreEqual(DriftStatus.ALERT, newLevel.Status);
        CollectionAssert.AreEqual(new[] { "Crypto exchange" }, newLevel.NewCategories.ToList());
        Assert.AreEqual(DriftStatus.ALERT, Detector.Summarize([shifted, newLevel], 3000).Status);
    }

    [TestMethod]
    public void MissingShareChangeIsAWarning()
    {
        var random = new Random(3);
        var reference = FeatureReference.Numeric("EXT_SOURCE_1", Normal(random, 20_000, 0, missingRate: 0.5));
        var drift = Detector.Numeric(reference, Normal(random, 3000, 0, missingRate: 0.8));
        Assert.AreEqual(DriftStatus.WARN, drift.Status);
        StringAssert.Contains(drift.Reasons.Single(), "missing share");
    }

    [TestMethod]
    public void PsiOfIdenticalSharesIsZeroAndGrowsWithTheShift()
    {
        Assert.AreEqual(0, DriftDetector.Psi([0.5, 0.5], [0.5, 0.5]), 1e-12);
        Assert.IsGreaterThan(DriftDetector.Psi([0.5, 0.5], [0.6, 0.4]), DriftDetector.Psi([0.5, 0.5], [0.8, 0.2]));
    }
}

[TestClass]
public sealed class TrainingReferenceTests
{
    [TestMethod]
    public void SavedReferenceLoadsWithTheSameBinsAndLevels()
    {
        var data = new Microsoft.Data.Analysis.DataFrame(
            new Microsoft.Data.Analysis.DoubleDataFrameColumn("x", Enumerable.Range(0, 500).Select(i => i % 7 == 0 ? (double?)null : i)),
            new Microsoft.Data.Analysis.StringDataFrameColumn("c", Enumerable.Range(0, 500).Select(i => i % 3 == 0 ? "a" : "b")));
        var reference = TrainingReference.Build(data, ["x", "c", "absent"], Enumerable.Range(0, 100).Select(i => i / 100.0).ToList(), 0.08);
        var path = Path.Combine(Path.GetTempPath(), $"reference-{Guid.NewGuid():N}.json");
        try
        {
            reference.Save(path);
            var loaded = TrainingReference.Load(path);
            Assert.HasCount(2, loaded.Features);
            CollectionAssert.AreEqual(reference.Features[0].Edges, loaded.Features[0].Edges);
            Assert.AreEqual(reference.Features[0].MissingRate, loaded.Features[0].MissingRate, 1e-12);
            CollectionAssert.AreEqual(new[] { "b", "a" }, loaded.Features[1].Levels);
            Assert.AreEqual(0.08, loaded.BaseRate);
            Assert.HasCount(9, loaded.Score.Edges);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
