using CreditPoC.Data;

namespace CreditPoC.Tests.Data;

[TestClass]
public sealed class GeneratorDriftTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-gendrift").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void ADriftThatStartsAfterTheLastRowChangesNoByte()
    {
        // Same seed, same rows: byte-identical without drift (HomeCreditGeneratorTests); the drift code paths must not change that.
        string plain = Path.Combine(_dir, "plain.csv"), late = Path.Combine(_dir, "late.csv");
        HomeCreditGenerator.Generate(plain, 3000, 7, overwrite: false);
        HomeCreditGenerator.Generate(late, 3000, 7, overwrite: false, drift: new GenerationDrift(3000));

        CollectionAssert.AreEqual(File.ReadAllBytes(plain), File.ReadAllBytes(late));
        CollectionAssert.AreEqual(File.ReadAllBytes(HomeCreditGenerator.TruthPathFor(plain)), File.ReadAllBytes(HomeCreditGenerator.TruthPathFor(late)));
    }

    [TestMethod]
    public void DriftLeavesEveryColumnItDoesNotPlantAsItIsWithoutDrift()
    {
        string plain = Path.Combine(_dir, "plain.csv"), drifted = Path.Combine(_dir, "drifted.csv");
        HomeCreditGenerator.Generate(plain, 3000, 5, overwrite: false);
        HomeCreditGenerator.Generate(drifted, 3000, 5, overwrite: false, drift: new GenerationDrift(1000));
        string[] planted = ["EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3", "AMT_CREDIT", "AMT_ANNUITY", "ORGANIZATION_TYPE", "TARGET"];
        var kept = HomeCreditColumns.All.Select((c, i) => (c.Name, Index: i)).Where(c => !planted.Contains(c.Name)).ToList();
        var (a, b) = (CsvRows.Read(plain).Rows, CsvRows.Read(drifted).Rows);
        Assert.HasCount(a.Count, b);
        for (var row = 0; row < a.Count; row++)
            foreach (var (name, index) in kept)
                Assert.AreEqual(a[row][index], b[row][index], $"data row {row + 1}, {name}");
    }

    [TestMethod]
    public void DriftChangesOnlyTheRowsFromTheDriftRowOnAndShiftsThePlantedColumns()
    {
        string plain = Path.Combine(_dir, "plain.csv"), drifted = Path.Combine(_dir, "drifted.csv");
        HomeCreditGenerator.Generate(plain, 4000, 3, overwrite: false);
        var summary = HomeCreditGenerator.Generate(drifted, 4000, 3, overwrite: false, drift: new GenerationDrift(2000));
        var a = GeneratedSample.Read(plain);
        var b = GeneratedSample.Read(drifted);
        Assert.IsEmpty(b.Violations.Where(v => !v.Contains("Platform economy")).ToList(), string.Join("; ", b.Violations));
        var lines = (File.ReadAllLines(plain), File.ReadAllLines(drifted));
        CollectionAssert.AreEqual(lines.Item1[..2001], lines.Item2[..2001], "rows before the drift point are unchanged");

        double Mean(GeneratedSample s, string column, int from, int to) =>
            Enumerable.Range(from, to - from).Select(r => s.Number(column, r)).Where(v => !double.IsNaN(v)).Average();
        foreach (var column in new[] { "EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3" })
            Assert.IsGreaterThan(0.08, Mean(a, column, 2000, 4000) - Mean(b, column, 2000, 4000), column);
        Assert.AreEqual(1.6, Mean(b, "AMT_CREDIT", 2000, 4000) / Mean(a, "AMT_CREDIT", 2000, 4000), 0.01);
        var newLevel = b.Columns["ORGANIZATION_TYPE"].Select((v, i) => (v, i)).Where(x => x.v == "Platform economy").Select(x => x.i).ToList();
        Assert.IsTrue(newLevel.All(i => i >= 2000));
        Assert.IsGreaterThan(150, newLevel.Count);
        Assert.IsGreaterThan(0.0, summary.DefaultRate);
    }

    [TestMethod]
    public void TheDriftDateMapsToTheFirstRowThatDataSplitPutsOnThatDay()
    {
        var start = new DateOnly(2021, 1, 1);
        Assert.AreEqual(0, GenerationDrift.FromDate(start, start, 90, 1000).FromRow);
        Assert.AreEqual(556, GenerationDrift.FromDate(start.AddDays(50), start, 90, 1000).FromRow); // ceil(50 * 1000 / 90)
        var row = GenerationDrift.FromDate(start.AddDays(50), start, 90, 1000).FromRow;
        Assert.AreEqual(49L, (row - 1L) * 90 / 1000, "the row before is on the day before");
        Assert.AreEqual(50L, row * 90L / 1000, "the first drifted row is on the drift day");
        var error = Assert.ThrowsExactly<UserFacingException>(() => GenerationDrift.FromDate(start.AddDays(90), start, 90, 1000));
        StringAssert.Contains(error.Message, "--drift-from 2021-04-01 is outside the split's days 2021-01-01 to 2021-03-31");
    }
}
