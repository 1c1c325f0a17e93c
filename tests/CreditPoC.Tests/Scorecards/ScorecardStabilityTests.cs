using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Monitoring;
using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Scorecards;

[TestClass]
public sealed class ScorecardStabilityTests
{
    private static DataFrame _train = null!;
    private static DataFrame _batch = null!;
    private static Scorecard _card = null!;

    [ClassInitialize]
    public static void Init(TestContext _)
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-stability").FullName;
        var schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        HomeCreditGenerator.Generate(Path.Combine(folder, "train.csv"), 8_000, 21, overwrite: true);
        HomeCreditGenerator.Generate(Path.Combine(folder, "batch.csv"), 4_000, 22, overwrite: true);
        _train = CsvTableLoader.Load(Path.Combine(folder, "train.csv"), schema);
        _batch = CsvTableLoader.Load(Path.Combine(folder, "batch.csv"), schema);
        Directory.Delete(folder, recursive: true);
        _card = Scorecard.Fit(_train, "TARGET", "1", BinningProcess.Fit(_train, "TARGET", "1", schema).Selected);
    }

    [TestMethod]
    public void ABatchFromTheSamePopulationIsStable()
    {
        var report = ScorecardStability.Compare(_card, _train, _batch);

        Assert.HasCount(_card.Characteristics.Count, report.Characteristics);
        foreach (var c in report.Characteristics)
        {
            Assert.IsLessThan(0.1, c.Csi, $"{c.Characteristic} CSI {c.Csi:F4}");
            Assert.AreEqual(1, c.ReferenceShares.Sum(), 1e-9);
            Assert.AreEqual(1, c.BatchShares.Sum(), 1e-9);
        }
        Assert.IsLessThan(0.1, report.ScorePsi);
        Assert.AreEqual(DriftStatus.OK, report.Status);
        Assert.AreEqual(8_000, report.ReferenceRows);
    }

    [TestMethod]
    public void TheCsiIsThePsiOverTheScorecardsOwnBins()
    {
        var characteristic = _card.Characteristics[0];
        double[] Shares(DataFrame data)
        {
            var column = data.Columns[characteristic.Name];
            var counts = new double[characteristic.Bins.Count + 1];
            for (var r = 0; r < column.Length; r++)
            {
                var bin = characteristic.IsNumeric
                    ? characteristic.Find(column[r] is null ? double.NaN : Convert.ToDouble(column[r]))
                    : characteristic.Find(column[r]?.ToString());
                counts[bin is null ? ^1 : characteristic.Bins.ToList().IndexOf(bin)]++;
            }
            return counts.Select(c => c / column.Length).ToArray();
        }

        var report = ScorecardStability.Compare(_card, _train, _batch);

        var expected = DriftDetector.Psi(Shares(_train), Shares(_batch));
        Assert.AreEqual(expected, report.Characteristics[0].Csi, 1e-12);
    }

    [TestMethod]
    public void ABatchOfLowExternalScoresAlertsOnThatCharacteristicAndOnTheScore()
    {
        var ext = _batch.Columns["EXT_SOURCE_2"];
        var low = _batch.Filter(new PrimitiveDataFrameColumn<bool>("low", Enumerable.Range(0, (int)_batch.Rows.Count)
            .Select(r => ext[r] is { } v && Convert.ToDouble(v) < 0.45)));

        var report = ScorecardStability.Compare(_card, _train, low);

        var shifted = report.Characteristics.Single(c => c.Characteristic == "EXT_SOURCE_2");
        Assert.AreEqual(DriftStatus.ALERT, shifted.Status, $"CSI {shifted.Csi:F3}");
        Assert.AreEqual(DriftStatus.ALERT, report.ScoreStatus, $"score PSI {report.ScorePsi:F3}");
        Assert.AreEqual(DriftStatus.ALERT, report.Status);
    }

    [TestMethod]
    public void ABatchWithoutACharacteristicIsNamed()
    {
        var batch = _batch.Clone();
        batch.Columns.Remove(_card.Characteristics[0].Name);

        var error = Assert.ThrowsExactly<UserFacingException>(() => ScorecardStability.Compare(_card, _train, batch));

        StringAssert.Contains(error.Message, $"batch data lacks the scorecard's characteristic {_card.Characteristics[0].Name}");
    }
}
