using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>learn's and the comparison's LightGBM defaults, scaled to the training rows.</summary>
[TestClass]
public sealed class LightGbmParametersTests
{
    [TestMethod]
    public void DefaultsGrowWithTheRowsAndStayRegularised()
    {
        var small = LightGbmParameters.ForRows(640);
        var medium = LightGbmParameters.ForRows(15_334);
        var large = LightGbmParameters.ForRows(78_587);
        var full = LightGbmParameters.ForRows(246_009);

        CollectionAssert.AreEqual(new[] { 7, 7, 15, 31 }, new[] { small, medium, large, full }.Select(p => p.NumLeaves).ToArray());
        CollectionAssert.AreEqual(new[] { 20, 76, 100, 100 }, new[] { small, medium, large, full }.Select(p => p.MinChildSamples).ToArray());
        CollectionAssert.AreEqual(new[] { 0.03, 0.03, 0.05, 0.05 }, new[] { small, medium, large, full }.Select(p => p.LearningRate).ToArray());
        foreach (var p in new[] { small, medium, large, full })
        {
            Assert.AreEqual(10, p.LambdaL2);
            Assert.AreEqual(0.5, p.FeatureFraction);
            Assert.AreEqual(LightGbmParameters.LogLoss, p.EarlyStoppingMetric);
            Assert.AreEqual(p, p.Validated("ForRows"));
        }
        Assert.AreEqual(4, LightGbmParameters.Reference(5_000).NumLeaves);
        Assert.AreEqual(LightGbmParameters.Auc, LightGbmParameters.Default.EarlyStoppingMetric, "LightGBM's own defaults stay as they were");
        Assert.ThrowsExactly<UserFacingException>(() => LightGbmParameters.ForRows(0));
    }

    [TestMethod]
    public void TheEarlyStoppingMetricTravelsThroughYamlAndAnUnknownOneIsAClearError()
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-lgbm").FullName;
        var yaml = Path.Combine(folder, "lightgbm.best.yaml");
        LightGbmParameters.ForRows(10_000).SaveYaml(yaml);
        StringAssert.Contains(File.ReadAllText(yaml), "early_stopping_metric: binary_logloss");
        Assert.AreEqual(LightGbmParameters.ForRows(10_000), LightGbmParameters.LoadYaml(yaml));

        File.WriteAllText(yaml, "num_leaves: 15\nearly_stopping_metric: gini\n");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => LightGbmParameters.LoadYaml(yaml)).Message,
            "early_stopping_metric must be auc or binary_logloss (got 'gini')");
        Directory.Delete(folder, recursive: true);
    }
}
