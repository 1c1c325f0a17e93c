using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Scorecards;

namespace CreditPoC.Cli.Tests.Notebooks;

/// <summary>
/// notebooks/poc/05_scorecard runs headless through <c>creditpoc run</c> on a small generated Home Credit table and
/// on another credit table (text labels, no schema), and writes iv.csv, scorecard.yaml and scorecard_bins.csv.
/// </summary>
[TestClass]
public sealed class PocScorecardNotebookTests
{
    private static TempFolder _temp = null!;
    private static string _homeCredit = null!;
    private static PocNotebookRun _run = null!;
    private static PocNotebookRun _other = null!;

    [ClassInitialize]
    public static void RunOnBothTables(TestContext _)
    {
        _temp = new TempFolder();
        _homeCredit = _temp.File("application_train.csv");
        HomeCreditGenerator.Generate(_homeCredit, rows: 3000, seed: 11, overwrite: true);
        _run = PocNotebookRun.Run("05_scorecard.ipynb", Directory.CreateDirectory(_temp.File("home")).FullName, _temp.File("home/out"),
            ("DATA_PATH", _homeCredit), ("FOLDS", "3"), ("SAMPLE_ROWS", "0"));

        var csv = _temp.File("credit.csv");
        PocOtherSchemaNotebookTests.WriteCreditTable(csv);
        _other = PocNotebookRun.Run("05_scorecard.ipynb", Directory.CreateDirectory(_temp.File("other")).FullName, _temp.File("other/out"),
            ("DATA_PATH", csv), ("SCHEMA_PATH", ""), ("TARGET", "label"), ("POSITIVE_LABEL", "bad"), ("ID_COLUMN", ""), ("FOLDS", "3"), ("SAMPLE_ROWS", "0"));
    }

    [ClassCleanup]
    public static void Cleanup() => _temp?.Dispose();

    [TestMethod]
    public void BothRunsSucceedWithoutErrorOutputsAndDrawEveryChartOffline()
    {
        foreach (var run in new[] { _run, _other })
        {
            Assert.AreEqual(0, run.ExitCode, $"{run.NotebookPath}: {run.Error}");
            Assert.IsEmpty(run.ErrorOutputs(), string.Join("\n", run.ErrorOutputs()));
            Assert.AreEqual(1 + 4 + 1 + 1, run.ChartCount(), "IV bars, the bins of four characteristics, score distributions, ROC");
            run.AssertHtmlWorksOffline();
        }
    }

    [TestMethod]
    public void TheIvTableListsEveryCharacteristicWithItsBandAndReason()
    {
        var rows = Csv(_run, "iv.csv");
        CollectionAssert.AreEqual(new[] { "characteristic", "IV", "band", "selected", "reason" }, rows[0]);
        var body = rows.Skip(1).ToList();
        Assert.IsGreaterThan(100, body.Count, "every column of the Home Credit table and the ratios");
        Assert.IsTrue(body.Take(3).Any(r => r[0].StartsWith("EXT_SOURCE_", StringComparison.Ordinal)), "the external scores lead");
        Assert.IsFalse(body.Any(r => r[0] is "SK_ID_CURR" or "TARGET"));
        Assert.IsTrue(body.Any(r => r[0] == "CREDIT_TO_ANNUITY"));
        Assert.IsTrue(body.All(r => r[4].Length > 0), "every characteristic has its reason");
        var ivs = body.Select(r => double.Parse(r[1], CultureInfo.InvariantCulture)).ToList();
        CollectionAssert.AreEqual(ivs.OrderByDescending(v => v).ToList(), ivs, "highest IV first");
    }

    [TestMethod]
    public void TheScorecardYamlLoadsBackAndItsBinsAreTheCsvs()
    {
        var card = ScorecardYaml.Load(Path.Combine(_run.OutputDir, "scorecard.yaml"));
        var bins = Csv(_run, "scorecard_bins.csv");
        CollectionAssert.AreEqual(new[] { "characteristic", "bin", "count", "events", "bad_rate", "woe", "points" }, bins[0]);
        Assert.AreEqual(card.Table.Count, bins.Count - 1);
        for (var i = 0; i < card.Table.Count; i++)
        {
            Assert.AreEqual(card.Table[i].Characteristic, bins[i + 1][0]);
            Assert.AreEqual(Math.Round(card.Table[i].Points, 2), double.Parse(bins[i + 1][6], CultureInfo.InvariantCulture), 1e-9);
        }
        var selected = Csv(_run, "iv.csv").Skip(1).Where(r => r[3] is "1" or "True").Select(r => r[0]).ToList();
        Assert.IsTrue(card.Characteristics.All(c => selected.Contains(c.Name)), "the card uses selected characteristics only");
    }

    [TestMethod]
    public void TheStoryShowsKsTheComparisonAndTheStability()
    {
        var text = _run.StreamText();
        StringAssert.Contains(text, "against LightGBM's");
        StringAssert.Contains(text, "overall: ");
        StringAssert.Contains(text, "(score PSI ");
        StringAssert.Contains(text, "wrote " + Path.Combine(_run.OutputDir, "scorecard.yaml"));
    }

    [TestMethod]
    public void OnAnotherTableTheTextCharacteristicsAreBinnedAndThePlantedOnesLead()
    {
        var body = Csv(_other, "iv.csv").Skip(1).ToList();
        CollectionAssert.IsSubsetOf(new[] { "checking_status", "credit_history", "purpose", "amount", "age" }, body.Select(r => r[0]).ToList());
        Assert.IsFalse(body.Any(r => r[0] == "label"));
        Assert.IsTrue(body.Take(2).Any(r => r[0] is "checking_status" or "credit_history"), string.Join(", ", body.Take(3).Select(r => r[0])));
        var card = ScorecardYaml.Load(Path.Combine(_other.OutputDir, "scorecard.yaml"));
        Assert.IsTrue(card.Characteristics.Any(c => !c.IsNumeric), "text characteristics are in the card");
    }

    private static List<string[]> Csv(PocNotebookRun run, string name)
    {
        var path = Path.Combine(run.OutputDir, name);
        Assert.IsTrue(File.Exists(path), $"no {path}");
        return CsvTableLoader.Load(path, null) is { } table
            ? [table.Columns.Select(c => c.Name).ToArray(), .. Enumerable.Range(0, (int)table.Rows.Count).Select(r => table.Columns.Select(c => c[r]?.ToString() ?? "").ToArray())]
            : [];
    }
}
