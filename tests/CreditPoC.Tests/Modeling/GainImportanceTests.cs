using CreditPoC.Modeling;
using Microsoft.ML;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class GainImportanceTests
{
    [TestMethod]
    public void GainIsReadFromTheTreesEvenWithLightGbmCategoricalSplits()
    {
        // ML.NET's own GetFeatureWeights throws on ensembles with categorical splits (dotnet/machinelearning#6032).
        var exp = Experiment.Setup(SyntheticTables.Categorical(2000, seed: 99), "STATUS", "bad", folds: 2, progress: _ => { });
        var ml = new MLContext(1);
        var spec = ModelCatalog.Get("lightgbm");
        var data = exp.Table.View(exp.TrainRows);
        var features = PreprocessingPipeline.Build(ml, exp.Plan, spec).Fit(data).Transform(data);
        var model = ml.BinaryClassification.Trainers.LightGbm(
            ModelFitter.LightGbmOptions(LightGbmParameters.Default with { NumBoostRound = 30 }, 1, 1, earlyStopping: false, categoricalSplits: true)).Fit(features);
        var trees = model.Model.SubModel.TrainedTreeEnsemble.Trees;
        Assert.IsTrue(trees.Any(t => t.CategoricalSplitFlags.Any(f => f)), "the ensemble has categorical splits");

        var slots = FeatureSlots.Map(features.Schema, exp.Plan);
        var gain = FeatureSlots.Aggregate(slots, ModelFitter.GainWeights(trees, slots.Length));
        Assert.IsGreaterThan(0, gain["NAME_INCOME_TYPE"], "the categorical split's gain reaches its column");
        Assert.IsGreaterThan(gain["WEEKDAY_APPR_PROCESS_START"], gain["NAME_INCOME_TYPE"], "the signal column gains more than a noise column");
    }
}
