using CreditPoC.Data;
using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

/// <summary>The compiled batch path must give the ML.NET chain's probabilities, row for row, on messy input too.</summary>
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

    private static void AssertSameAsChain(TrainedModel model, DataFrame data)
    {
        var compiled = model.Predict(data);
        Assert.AreEqual(ScoringPath.Compiled, model.LastScoringPath, model.CompiledUnavailableReason);
        var expected = ThroughChain(model, data);
        Assert.HasCount(expected.Length, compiled);
        for (var row = 0; row < expected.Length; row++)
            Assert.AreEqual(expected[row], compiled[row], 1e-7, $"row {row}");
        Assert.IsGreaterThan(0.1, compiled.Max() - compiled.Min(), "the rows get different scores, so the comparison means something");
    }

    [TestMethod]
    public void ScoresEveryGeneratedRowAsTheChainDoes() => AssertSameAsChain(_model, _data);

    [TestMethod]
    public void ScoresMissingValuesUnseenLevelsAndZeroDenominatorsAsTheChainDoes()
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
        AssertSameAsChain(_model, messy);
    }

    [TestMethod]
    public void ScoresASavedAndReloadedModelTheSameWay()
    {
        var path = Path.Combine(_folder, "model.zip");
        _model.Save(path);
        var loaded = TrainedModel.Load(path);
        AssertSameAsChain(loaded, _data);
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
    public void LeavesOtherModelsToTheChain()
    {
        var model = _experiment.CreateModel("lr");
        var scores = model.Predict(_data.Head(200));
        Assert.AreEqual(ScoringPath.Chain, model.LastScoringPath);
        Assert.Contains("not a calibrated boosted-tree ensemble", model.CompiledUnavailableReason!);
        CollectionAssert.AreEqual(ThroughChain(model, _data.Head(200)), scores);
    }
}
