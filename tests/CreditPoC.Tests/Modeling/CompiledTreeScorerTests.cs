using CreditPoC.Data;
using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

/// <summary>The compiled batch path must give LightGBM's own raw scores (PredictForMat), row for row, on messy input too.</summary>
[TestClass]
public sealed class CompiledTreeScorerTests
{
    private static string _folder = null!;
    private static DataFrame _data = null!;
    private static Experiment _experiment = null!;
    private static TrainedModel _model = null!;

    [ClassInitialize]
    public static void Fit(TestContext _)
    {
        _folder = Directory.CreateTempSubdirectory("creditpoc-compiled").FullName;
        var csv = Path.Combine(_folder, "application_train.csv");
        HomeCreditGenerator.Generate(csv, 4000, seed: 5, overwrite: true);
        _data = GeneratedDataQualityTests.Load(csv);
        _experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 5, folds: 2, progress: _ => { });
        _model = _experiment.CreateModel("lightgbm");
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_folder, recursive: true);

    private static double[] ThroughChain(TrainedModel model, DataFrame data) =>
        model.Score(model.ToTable(data).View(withLabel: false)).Probability.Select(p => (double)p).ToArray();

    /// <summary>LightGBM's own probabilities: its PredictForMat on the model's feature matrix.</summary>
    private static double[] ThroughLightGbm(TrainedModel model, DataFrame data) =>
        model.Native!.ReferenceRawScores(model.Native.Features.Build(model.ToTable(data)), 2).Select(NativeLightGbmModel.Probability).ToArray();

    private static void AssertSameAsLightGbm(TrainedModel model, DataFrame data)
    {
        var compiled = model.Predict(data);
        Assert.AreEqual(ScoringPath.Compiled, model.LastScoringPath, model.CompiledUnavailableReason);
        var expected = ThroughLightGbm(model, data);
        Assert.HasCount(expected.Length, compiled);
        for (var row = 0; row < expected.Length; row++)
            Assert.AreEqual(expected[row], compiled[row], 1e-12, $"row {row}");
        Assert.IsGreaterThan(0.1, compiled.Max() - compiled.Min(), "the rows get different scores, so the comparison means something");
    }

    [TestMethod]
    public void ScoresEveryGeneratedRowAsLightGbmDoes() => AssertSameAsLightGbm(_model, _data);

    [TestMethod]
    public void ScoresMissingValuesUnseenLevelsAndZeroDenominatorsAsLightGbmDoes()
    {
        var messy = _data.Clone();
        var categorical = _model.Metadata.Plan.Categorical.Select(c => c.Name).ToList();
        var numeric = _model.InputColumns.Where(c => !categorical.Contains(c)).ToList();
        var random = new Random(9);
        for (var row = 0; row < messy.Rows.Count; row++)
        {
            switch (row % 4)
            {
                case 0:
                    messy[row, messy.Columns.IndexOf(categorical[random.Next(categorical.Count)])] = "Never seen in training";
                    break;
                case 1:
                    messy[row, messy.Columns.IndexOf(categorical[random.Next(categorical.Count)])] = null;
                    messy[row, messy.Columns.IndexOf(numeric[random.Next(numeric.Count)])] = null;
                    break;
                case 2:
                    messy[row, messy.Columns.IndexOf("AMT_ANNUITY")] = 0.0;
                    messy[row, messy.Columns.IndexOf("AMT_INCOME_TOTAL")] = null;
                    break;
            }
        }
        foreach (var name in new[] { "EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3" })
            messy[7, messy.Columns.IndexOf(name)] = null;
        AssertSameAsLightGbm(_model, messy);
    }

    [TestMethod]
    public void ScoresASavedAndReloadedModelTheSameWay()
    {
        var path = Path.Combine(_folder, "model.zip");
        _model.Save(path);
        var loaded = TrainedModel.Load(path);
        AssertSameAsLightGbm(loaded, _data);
        CollectionAssert.AreEqual(_model.Predict(_data), loaded.Predict(_data));
    }

    [TestMethod]
    public void ScoresALargeTableInParallelTasksInRowOrder()
    {
        var large = _data.Clone();
        for (var i = 0; i < 3; i++) large.Append(_data.Rows, inPlace: true);
        var scores = _model.Predict(large);
        var once = _model.Predict(_data);
        Assert.HasCount(4 * once.Length, scores);
        for (var row = 0; row < scores.Length; row++)
            Assert.AreEqual(once[row % once.Length], scores[row], $"row {row}");
    }

    [TestMethod]
    public void ExplainsWithTreeShapValuesThatAddUpToTheLogOdds()
    {
        var sample = _data.Head(300);
        var table = _model.ToTable(sample);
        var matrix = _model.Native!.Features.Build(table);
        var ours = _model.Native.Trees.Contributions(matrix);
        var lightGbm = _model.Native.Booster.Predict(matrix, LightGbmNative.PredictContrib, 2);
        Assert.HasCount(lightGbm.Length, ours);
        for (var i = 0; i < ours.Length; i++) Assert.AreEqual(lightGbm[i], ours[i], 1e-9, $"value {i}: LightGBM's own C_API_PREDICT_CONTRIB");
        var probabilities = _model.Predict(sample);
        var explanations = _model.Explain(sample, top: 3);
        var width = matrix.Columns + 1;
        for (var row = 0; row < sample.Rows.Count; row++)
        {
            var phi = ours.AsSpan(row * width, width);
            var sum = 0.0;
            foreach (var value in phi) sum += value;
            Assert.AreEqual(Math.Log(probabilities[row] / (1 - probabilities[row])), sum, 1e-9, $"row {row}: the values and the expected value add up to the log-odds");
            Assert.AreEqual(probabilities[row], explanations[row].Probability, 1e-12);
            var top = explanations[row].Reasons;
            Assert.HasCount(3, top);
            var largest = phi[..^1].ToArray().Select((v, i) => (v, i)).OrderByDescending(x => Math.Abs(x.v)).First();
            Assert.AreEqual(_model.Native.Features.Names[largest.i], top[0].Feature, $"row {row}: the largest value comes first");
            Assert.AreEqual(largest.v, top[0].Contribution, 1e-12);
            Assert.IsTrue(top.All(r => r.Unit == ReasonUnit.LogOdds));
        }
        var one = _model.ExplainRow(sample.Columns.ToDictionary(c => c.Name, c => (object?)c[5]), top: 3);
        Assert.AreEqual(explanations[5].ReasonText, one.ReasonText, "the single-application explainer gives the same reasons");
        Assert.AreEqual(probabilities[5], one.Probability, 1e-12);
    }

    [TestMethod]
    public void LeavesOtherModelsToTheChain()
    {
        var model = _experiment.CreateModel("lr");
        var scores = model.Predict(_data.Head(200));
        Assert.AreEqual(ScoringPath.Chain, model.LastScoringPath);
        Assert.Contains("ML.NET model", model.CompiledUnavailableReason!);
        CollectionAssert.AreEqual(ThroughChain(model, _data.Head(200)), scores);
    }
}
