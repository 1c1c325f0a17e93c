using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class GainImportanceTests
{
    [TestMethod]
    public void GainReachesTheColumnOfALightGbmCategoricalSplit()
    {
        var exp = Experiment.Setup(SyntheticTables.Categorical(2000, seed: 99), "STATUS", "bad", folds: 2, progress: _ => { });
        var model = exp.CreateModel("lightgbm", LightGbmParameters.Default with { NumBoostRound = 30 });
        StringAssert.Contains(model.Native!.ModelText, "num_cat=1", "the trees split on a category as LightGBM's own categorical");
        var gain = model.Metadata.GainImportance!;
        Assert.AreEqual(1.0, gain.Values.Sum(), 1e-9, "shares of the total");
        Assert.IsGreaterThan(0, gain["NAME_INCOME_TYPE"], "the categorical split's gain reaches its column");
        Assert.IsGreaterThan(gain["WEEKDAY_APPR_PROCESS_START"], gain["NAME_INCOME_TYPE"], "the signal column gains more than a noise column");
    }
}
