using System.Globalization;
using System.Text.Json.Nodes;
using CreditPoC.Data;
using CreditPoC.Loading;

namespace CreditPoC.Cli.Tests.Notebooks;

/// <summary>
/// PoC notebooks 01 (validation) and 02 (EDA) run headless through <c>creditpoc run</c> on generated Home Credit
/// data with a planted leak column; the tests read what the notebooks wrote. Both run once for the class.
/// </summary>
[TestClass]
public sealed class PocDataNotebookTests
{
    private const int Rows = 3000;
    private const string LeakColumn = "COLLECTION_STAGE"; // recorded after the loan ran: TARGET plus a little noise

    private static TempFolder _temp = null!;
    private static string _csv = null!;
    private static GenerationSummary _generated = null!;
    private static PocNotebookRun _validation = null!;
    private static PocNotebookRun _eda = null!;

    [ClassInitialize]
    public static void RunBothNotebooks(TestContext _)
    {
        _temp = new TempFolder();
        _csv = _temp.File("application_train.csv");
        _generated = HomeCreditGenerator.Generate(_csv, Rows, seed: 7, overwrite: true);
        AddLeakColumn(_csv);
        var output = _temp.File("out");
        _validation = PocNotebookRun.Run("01_data_validation.ipynb", _temp.Path, output, ("DATA_PATH", _csv));
        _eda = PocNotebookRun.Run("02_eda.ipynb", _temp.Path, output, ("DATA_PATH", _csv));
    }

    [ClassCleanup]
    public static void DeleteFolder() => _temp?.Dispose();

    /// <summary>Appends a column that is TARGET plus Gaussian noise (sd 0.25), the kind of leak a careless export brings.</summary>
    private static void AddLeakColumn(string csv)
    {
        var random = new Random(5);
        var lines = File.ReadAllLines(csv);
        lines[0] += "," + LeakColumn;
        for (var i = 1; i < lines.Length; i++)
        {
            var target = int.Parse(lines[i].Split(',')[1], CultureInfo.InvariantCulture); // SK_ID_CURR,TARGET,...
            var noise = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 0.25;
            lines[i] += "," + (target + noise).ToString("F3", CultureInfo.InvariantCulture);
        }
        File.WriteAllLines(csv, lines);
    }

    [TestMethod]
    public void BothNotebooksSucceedWithoutErrorOutputs()
    {
        foreach (var run in new[] { _validation, _eda })
        {
            Assert.AreEqual(0, run.ExitCode, $"{run.NotebookPath}: {run.Error}");
            Assert.IsEmpty(run.ErrorOutputs(), string.Join("\n", run.ErrorOutputs()));
            var papermill = run.Notebook["metadata"]!["papermill"]!;
            Assert.IsFalse((bool?)papermill["exception"] ?? false);
            Assert.AreEqual(_csv, (string?)papermill["parameters"]!["DATA_PATH"]);
        }
        var validation = _validation.ReadJson("validation.json");
        Assert.IsTrue((bool)validation["passed"]!, "warnings only: the extra leak column is not an error");
        Assert.AreEqual(Rows, (int)validation["rows"]!);
        Assert.AreEqual(123, (int)validation["columns"]!);
    }

    [TestMethod]
    public void ValidationFindsThePlantedRepeatApplicants()
    {
        // The generator's repeat applicants keep CODE_GENDER, DAYS_BIRTH and DAYS_ID_PUBLISH: group the raw rows by them.
        var keys = new List<(int Row, string Key)>();
        using (var reader = CsvRecordReader.Open(_csv))
        {
            var key = reader.Require("CODE_GENDER", "DAYS_BIRTH", "DAYS_ID_PUBLISH");
            while (reader.Read())
                keys.Add((reader.Row, string.Join("|", key.Select(reader.Value))));
        }
        var expected = keys
            .GroupBy(r => r.Key)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(",", g.Select(r => r.Row)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.IsGreaterThanOrEqualTo(_generated.RepeatApplications, expected.Count, "every planted pair shares the key");
        Assert.IsGreaterThan(Rows / 100, _generated.RepeatApplications, "the generator plants about 2% repeats");

        var related = _validation.ReadJson("validation.json")["related_records"]!;
        var found = related["members"]!.AsArray()
            .Select(m => string.Join(",", m!["rows"]!.AsArray().Select(r => (int)r!).Order()))
            .Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(expected, found);
        CollectionAssert.AreEquivalent(new[] { "DAYS_BIRTH", "CODE_GENDER", "DAYS_ID_PUBLISH" },
            related["key_columns"]!.AsArray().Select(k => (string?)k).ToArray());
        StringAssert.Contains(_validation.StreamText(), $"{found.Count:N0} groups share");
        StringAssert.Contains(_validation.StreamText(), "group-aware split");
    }

    [TestMethod]
    public void ValidationMarksTargetAsKnownOnlyAtTheOutcome()
    {
        var availability = _validation.ReadJson("validation.json")["availability"]!.AsArray();
        var target = availability.Single(a => (string?)a!["column"] == "TARGET")!;
        Assert.AreEqual("outcome", (string?)target["availability"]);
        Assert.IsFalse((bool)target["usable_at_scoring"]!);
        var income = availability.Single(a => (string?)a!["column"] == "AMT_INCOME_TOTAL")!;
        Assert.AreEqual("application", (string?)income["availability"]);
        Assert.IsTrue((bool)income["usable_at_scoring"]!);
    }

    [TestMethod]
    public void ValidationFlagsThePlantedLeak()
    {
        var validation = _validation.ReadJson("validation.json");
        var suspects = validation["leak_suspects"]!.AsArray();
        var leak = suspects.SingleOrDefault(s => (string?)s!["column"] == LeakColumn);
        Assert.IsNotNull(leak, $"{LeakColumn} is not among the leak suspects: {suspects.ToJsonString()}");
        Assert.IsGreaterThan(0.95, (double)leak["auc"]!);
        Assert.HasCount(1, suspects, "only the planted column predicts TARGET almost perfectly");
        Assert.IsTrue(validation["issues"]!.AsArray().Any(i => (string?)i!["rule"] == "extra_column" && (string?)i["column"] == LeakColumn),
            "the schema does not know the planted column");
        StringAssert.Contains(_validation.StreamText(), "LEAK SUSPECTS");
    }

    [TestMethod]
    public void EdaReportsTheBuildingColumnsMissingForAboutSeventyPercent()
    {
        var profile = _eda.ReadJson("profile.json");
        var column = Column(profile, "COMMONAREA_AVG");
        Assert.AreEqual("float", (string?)column["type"]);
        var share = (double)column["missing_share"]!;
        Assert.IsTrue(share is > 0.65 and < 0.75, $"COMMONAREA_AVG missing share {share:P1}, expected about 70%");
        Assert.AreEqual(Rows, (int)profile["rows"]!);
    }

    [TestMethod]
    public void EdaCallsOutTheDaysEmployedSentinel()
    {
        var column = Column(_eda.ReadJson("profile.json"), "DAYS_EMPLOYED");
        var special = column["special_values"]!.AsArray().Single()!;
        Assert.AreEqual(365243.0, (double)special["value"]!);
        Assert.IsTrue((double)special["share"]! is > 0.1 and < 0.3, "about 18% of rows are 'not employed'");
        StringAssert.Contains(_eda.StreamText(), "365243");
    }

    [TestMethod]
    public void BothHtmlPagesDrawEveryChartOffline()
    {
        Assert.IsGreaterThanOrEqualTo(6, _eda.ChartCount(), "missing shares, histograms, categories, rates and associations");
        Assert.AreEqual(1, _validation.ChartCount(), "the single-column AUC chart");
        _eda.AssertHtmlWorksOffline();
        _validation.AssertHtmlWorksOffline();
        Assert.IsLessThan(2_000_000, new FileInfo(_eda.NotebookPath).Length, "charts carry aggregates, not rows");
    }

    private static JsonNode Column(JsonObject profile, string name) =>
        profile["columns"]!.AsArray().Single(c => (string?)c!["name"] == name)!;
}
