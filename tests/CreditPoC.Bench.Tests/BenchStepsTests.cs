namespace CreditPoC.Bench.Tests;

[TestClass]
public sealed class BenchStepsTests
{
    [TestMethod]
    public void EveryStepIsFoundOnceInItsOrderQuickOnesFirst()
    {
        CollectionAssert.AreEqual(
            new[] { "generate", "load", "parquet", "validate", "features", "binning", "train", "score", "single", "api", "notebook", "kernel", "pipeline", "webday", "scorecard", "compare", "lightgbm-native", "tune" },
            BenchSteps.Names.ToArray());
        Assert.AreEqual(BenchSteps.All.Count, BenchSteps.All.Select(s => s.Order).Distinct().Count(), "no two steps share an order");
        Assert.IsTrue(BenchSteps.All.All(s => !string.IsNullOrWhiteSpace(s.Description)));
    }
}
