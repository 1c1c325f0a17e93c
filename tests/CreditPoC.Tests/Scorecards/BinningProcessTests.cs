using System.Diagnostics;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Scorecards;

[TestClass]
public sealed class BinningProcessTests
{
    private static DataFrame _data = null!;
    private static TableSchema _schema = null!;

    [ClassInitialize]
    public static void Init(TestContext _)
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-binning").FullName;
        var csv = Path.Combine(folder, "application_train.csv");
        HomeCreditGenerator.Generate(csv, 20_000, 7, overwrite: true);
        _schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        _data = CsvTableLoader.Load(csv, _schema);
        Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void TheExternalScoresLeadTheIvTableAndEveryChoiceHasItsReason()
    {
        var clock = Stopwatch.StartNew();
        var process = BinningProcess.Fit(_data, "TARGET", "1", _schema);
        Console.WriteLine($"binned {process.Characteristics.Count} characteristics of 20,000 rows in {clock.Elapsed.TotalSeconds:F2} s");

        var top = process.Choices.Take(6).Select(c => c.Name).ToList();
        Assert.IsTrue(top.Take(2).All(n => n.StartsWith("EXT_SOURCE_", StringComparison.Ordinal)), string.Join(", ", top));
        Assert.Contains("EXT_SOURCE_1", top, "mostly missing, as in the real data, but still among the strongest");
        Assert.IsTrue(process.Choices.All(c => !string.IsNullOrWhiteSpace(c.Reason)));
        Assert.IsTrue(process.Choices.Where(c => c.Iv < 0.02).All(c => !c.Selected));
        Assert.IsTrue(process.Choices.Any(c => !c.Selected && c.Reason.StartsWith("IV ", StringComparison.Ordinal)));
        Assert.IsFalse(process.Choices.Any(c => c.Name is "SK_ID_CURR" or "TARGET"), "the id and the target are not characteristics");
        var employed = process.Characteristics.Single(c => c.Name == "DAYS_EMPLOYED");
        Assert.IsNotNull(employed.Find(365243), "the schema's special value has its own bin");
        Assert.AreEqual(BinKind.Special, employed.Find(365243)!.Kind);
    }

    [TestMethod]
    public void OfTwoCorrelatedCharacteristicsTheWeakerIsDroppedWithTheReason()
    {
        var copy = _data.Clone();
        var ext = (DoubleDataFrameColumn)copy.Columns["EXT_SOURCE_2"].Clone();
        ext.SetName("EXT_SOURCE_2_AGAIN");
        copy.Columns.Add(ext);

        var process = BinningProcess.Fit(copy, "TARGET", "1", _schema);

        var choices = process.Choices.Where(c => c.Name.StartsWith("EXT_SOURCE_2", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2, choices);
        Assert.AreEqual(1, choices.Count(c => c.Selected));
        var dropped = choices.Single(c => !c.Selected);
        StringAssert.Contains(dropped.Reason, "correlates 1.000 with EXT_SOURCE_2");
    }

    [TestMethod]
    public void WithTheTargetShuffledNoCharacteristicCarriesInformation()
    {
        var shuffled = _data.Clone();
        var target = shuffled.Columns["TARGET"];
        var values = Enumerable.Range(0, (int)target.Length).Select(i => target[i]).ToArray();
        new Random(1).Shuffle(values);
        for (var i = 0; i < values.Length; i++) target[i] = values[i];

        var process = BinningProcess.Fit(shuffled, "TARGET", "1", _schema);

        var strongest = process.Characteristics.MaxBy(c => c.Iv)!;
        Assert.IsLessThan(0.02, strongest.Iv, $"{strongest.Name} IV {strongest.Iv:F4} on a shuffled target");
    }
}
