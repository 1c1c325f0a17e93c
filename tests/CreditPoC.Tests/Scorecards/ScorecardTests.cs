using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Metrics;
using CreditPoC.Scorecards;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Scorecards;

[TestClass]
public sealed class ScorecardTests
{
    private static DataFrame _train = null!;
    private static DataFrame _test = null!;
    private static Scorecard _card = null!;

    [ClassInitialize]
    public static void Init(TestContext _)
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-scorecard").FullName;
        var schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        HomeCreditGenerator.Generate(Path.Combine(folder, "train.csv"), 20_000, 7, overwrite: true);
        HomeCreditGenerator.Generate(Path.Combine(folder, "test.csv"), 10_000, 8, overwrite: true);
        _train = CsvTableLoader.Load(Path.Combine(folder, "train.csv"), schema);
        _test = CsvTableLoader.Load(Path.Combine(folder, "test.csv"), schema);
        Directory.Delete(folder, recursive: true);
        var process = BinningProcess.Fit(_train, "TARGET", "1", schema);
        _card = Scorecard.Fit(_train, "TARGET", "1", process.Selected);
    }

    [TestMethod]
    public void ThePointsScaleGivesTheBaseScoreAtTheBaseOddsAndDoublingOddsAddsThePdo()
    {
        var scale = new PointsScale();
        Assert.AreEqual(600, scale.Points(1.0 / 51), 1e-9, "50:1 good:bad");
        Assert.AreEqual(620, scale.Points(1.0 / 101), 1e-9, "100:1");
        Assert.AreEqual(1.0 / 101, scale.Probability(620), 1e-12);
    }

    [TestMethod]
    public void ARowsUnroundedPointsMapBackToTheRegressionsProbability()
    {
        var points = _card.Points(_test);
        var probabilities = _card.Probabilities(_test);
        for (var r = 0; r < 500; r++)
        {
            var linear = _card.Intercept + _card.Characteristics.Select((c, i) => _card.Coefficients[i] * WoeOf(c, _test.Columns[c.Name][r])).Sum();
            Assert.AreEqual(1 / (1 + Math.Exp(-linear)), probabilities[r], 1e-9, $"row {r}");
            var fromTable = _card.Characteristics.Sum(c => _card.Table.Single(t => t.Characteristic == c.Name && ReferenceEquals(t.Bin, Find(c, _test.Columns[c.Name][r]))).Points);
            Assert.AreEqual(points[r], fromTable, 1e-9, "the table's points of the row's bins add up to its points");
        }
    }

    [TestMethod]
    public void EveryCoefficientHasTheRightSignAndTheCardRanksUnseenApplications()
    {
        Assert.IsEmpty(_card.WrongSigns);
        Assert.IsGreaterThan(3, _card.Characteristics.Count);
        var auc = RocAuc.Compute(_card.Probabilities(_test), TargetVector.From(_test, "TARGET", "1").IsPositive);
        Console.WriteLine($"scorecard: {_card.Characteristics.Count} characteristics ({string.Join(", ", _card.DroppedForSign)} dropped for sign), test AUC {auc:F4}");
        Assert.IsGreaterThan(0.72, auc);
    }

    [TestMethod]
    public void ASavedScorecardLoadsBackAndScoresTheSameAndAHandEditIsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-scorecard-yaml").FullName;
        var path = Path.Combine(folder, "scorecard.yaml");
        ScorecardYaml.Save(_card, path);

        var loaded = ScorecardYaml.Load(path);

        var before = _card.Points(_test);
        var after = loaded.Points(_test);
        for (var r = 0; r < before.Length; r++) Assert.AreEqual(before[r], after[r], 1e-9, $"row {r}");
        StringAssert.Contains(File.ReadAllText(path), "points_to_double_odds: 20");
        var text = File.ReadAllText(path);
        var at = text.IndexOf("points: ", StringComparison.Ordinal);
        var end = text.IndexOf('\n', at);
        File.WriteAllText(path, text[..at] + "points: 99" + text[end..]);
        var error = Assert.ThrowsExactly<UserFacingException>(() => ScorecardYaml.Load(path));
        StringAssert.Contains(error.Message, "has 99 points");
        StringAssert.Contains(error.Message, "edited by hand");
        Directory.Delete(folder, recursive: true);
    }

    private static Bin? Find(CharacteristicBinning c, object? value) =>
        c.IsNumeric ? c.Find(value is null ? double.NaN : Convert.ToDouble(value)) : c.Find(value?.ToString());

    private static double WoeOf(CharacteristicBinning c, object? value) => Find(c, value)?.Woe ?? 0;
}
