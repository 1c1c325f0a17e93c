using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CreditPoC.Cli.Tests.Notebooks;

/// <summary>
/// PoC notebooks 01 and 02 on a credit table with another schema — text labels "good"/"bad", mostly categorical
/// columns, no schema file — given only TARGET, ID_COLUMN and the positive label. The table is made up here. 01 is
/// told there is no schema (<c>-p SCHEMA_PATH ""</c>); 02 keeps its default, the Home Credit schema, and finds out.
/// </summary>
[TestClass]
public sealed class PocOtherSchemaNotebookTests
{
    private const int Rows = 1200;
    private const int Repeats = 15; // the last rows are second applications of the first applicants

    private static readonly (string Name, string[] Values, double[] Risk)[] Categories =
    [
        ("checking_status", ["none", "below_0", "0_to_200", "over_200"], [0, 1.0, 0.6, -0.3]),
        ("credit_history", ["all_paid", "existing_paid", "delayed", "critical"], [-0.4, 0, 0.6, 1.0]),
        ("purpose", ["car new", "car used", "furniture", "radio, tv", "education", "business"], [0, 0, 0, 0, 0.2, 0.3]),
        ("savings", ["unknown", "below_100", "100_to_500", "over_500"], [0.2, 0.5, 0.1, -0.5]),
        ("employment_since", ["unemployed", "below_1y", "1_to_4y", "over_4y"], [0.4, 0.2, 0, -0.2]),
        ("housing", ["own", "rent", "free"], [0, 0.4, 0.3]),
        ("job", ["unskilled", "skilled", "management"], [0.1, 0, -0.1]),
    ];

    private static TempFolder _temp = null!;
    private static string _csv = null!;
    private static int _bad;
    private static PocNotebookRun _validation = null!;
    private static PocNotebookRun _eda = null!;

    [ClassInitialize]
    public static void RunBothNotebooks(TestContext _)
    {
        _temp = new TempFolder();
        _csv = _temp.File("credit.csv");
        _bad = WriteCreditTable(_csv);
        var output = _temp.File("out");
        (string, string)[] parameters =
            [("DATA_PATH", _csv), ("SCHEMA_PATH", ""), ("TARGET", "label"), ("POSITIVE_LABEL", "bad"), ("ID_COLUMN", "applicant_id")];
        _validation = PocNotebookRun.Run("01_data_validation.ipynb", _temp.Path, output, parameters);
        _eda = PocNotebookRun.Run("02_eda.ipynb", _temp.Path, output, parameters.Where(p => p.Item1 != "SCHEMA_PATH").ToArray());
    }

    [ClassCleanup]
    public static void DeleteFolder() => _temp?.Dispose();

    /// <summary>Writes the made-up table (seeded); returns how many rows are "bad".</summary>
    internal static int WriteCreditTable(string path)
    {
        var random = new Random(11);
        var csv = new StringBuilder("applicant_id," + string.Join(",", Categories.Select(c => c.Name)) + ",duration_months,amount,age,birth_days,document_days,label\n");
        var bad = 0;
        var people = new List<(int Birth, int Document)>();
        for (var i = 0; i < Rows; i++)
        {
            (int Birth, int Document) person = i >= Rows - Repeats ? people[i - (Rows - Repeats)] : (random.Next(-27000, -7000), random.Next(-9000, 0));
            people.Add(person);
            var score = -1.2;
            csv.Append(CultureInfo.InvariantCulture, $"{7000 + i}");
            foreach (var (_, values, risk) in Categories)
            {
                var k = random.Next(values.Length);
                score += risk[k];
                csv.Append(',').Append(values[k].Contains(',') ? $"\"{values[k]}\"" : values[k]);
            }
            var duration = new[] { 6, 12, 18, 24, 36, 48 }[random.Next(6)];
            var age = random.Next(19, 76);
            score += duration / 40.0 - (age - 19) / 80.0;
            var amount = random.NextDouble() < 0.05 ? "" : (500 + random.NextDouble() * 9500).ToString("F2", CultureInfo.InvariantCulture);
            var isBad = random.NextDouble() < 1 / (1 + Math.Exp(-score));
            bad += isBad ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $",{duration},{amount},{age},{person.Birth},{person.Document},{(isBad ? "bad" : "good")}\n");
        }
        File.WriteAllText(path, csv.ToString());
        return bad;
    }

    [TestMethod]
    public void BothNotebooksSucceedWithoutErrorOutputs()
    {
        foreach (var run in new[] { _validation, _eda })
        {
            Assert.AreEqual(0, run.ExitCode, $"{run.NotebookPath}: {run.Error}");
            Assert.IsEmpty(run.ErrorOutputs(), string.Join("\n", run.ErrorOutputs()));
        }
        var validation = _validation.ReadJson("validation.json");
        Assert.IsTrue((bool)validation["passed"]!);
        Assert.AreEqual(0, (int)validation["error_count"]!);
        StringAssert.Contains(_validation.StreamText(), "No schema given");
    }

    [TestMethod]
    public void TheDefaultSchemaMeetsAnotherTableWithAWarningNotAnError()
    {
        StringAssert.Contains(_eda.StreamText(), "columns the schema names: this looks like another table, so its column types are inferred from the data. " +
                                                 "Run with -p SCHEMA_PATH \"\" to infer them without this warning");
        Assert.IsFalse(_validation.StreamText().Contains("looks like another table", StringComparison.Ordinal), "told up front: no warning");
    }

    [TestMethod]
    public void ValidationReadsTheTextLabelsAndTheOutcomeColumn()
    {
        var validation = _validation.ReadJson("validation.json");
        var target = validation["target"]!;
        Assert.AreEqual("bad", (string?)target["positive_label"]);
        Assert.AreEqual("good", (string?)target["negative_label"]);
        Assert.AreEqual(_bad, (int)target["positives"]!);
        Assert.AreEqual(Rows - _bad, (int)target["negatives"]!);

        var availability = validation["availability"]!.AsArray();
        Assert.AreEqual("outcome", (string?)availability.Single(a => (string?)a!["column"] == "label")!["availability"]);
        Assert.IsFalse((bool)availability.Single(a => (string?)a!["column"] == "applicant_id")!["usable_at_scoring"]!);
        Assert.IsEmpty(validation["leak_suspects"]!.AsArray());
        var strongest = (string?)validation["strongest_columns"]![0]!["column"];
        Assert.IsTrue(strongest is "credit_history" or "checking_status", $"the strongest column is {strongest}, not one of the two planted strongest");
    }

    [TestMethod]
    public void EdaProfilesTheCategoriesAndTheirBadRates()
    {
        var profile = _eda.ReadJson("profile.json");
        Assert.AreEqual("bad", (string?)profile["positive_label"]);
        Assert.AreEqual((double)_bad / Rows, (double)profile["positive_rate"]!, 1e-9);
        var columns = profile["columns"]!.AsArray();
        var purpose = columns.Single(c => (string?)c!["name"] == "purpose")!;
        Assert.AreEqual("text", (string?)purpose["type"]);
        Assert.HasCount(6, purpose["categories"]!.AsArray());
        Assert.IsTrue(purpose["categories"]!.AsArray().Any(c => (string?)c!["category"] == "radio, tv"), "a quoted category with a comma");
        var history = columns.Single(c => (string?)c!["name"] == "credit_history")!["target_rates"]!.AsArray();
        double Rate(string category) => (double)history.Single(r => (string?)r!["label"] == category)!["rate"]!;
        Assert.IsGreaterThan(Rate("all_paid"), Rate("critical"), "the planted risk order shows in the bad rates");
        var amount = columns.Single(c => (string?)c!["name"] == "amount")!;
        Assert.AreEqual("float", (string?)amount["type"]);
        Assert.IsGreaterThan(0.0, (double)amount["missing_share"]!);
    }

    [TestMethod]
    public void RepeatApplicantsAreLookedForOnlyWithAKeyForThisTable()
    {
        var skipped = _validation.ReadJson("validation.json")["related_records"]!;
        Assert.AreEqual(0, (int)skipped["groups"]!);
        StringAssert.Contains(_validation.StreamText(), "skipped");

        var folder = Directory.CreateDirectory(_temp.File("related")).FullName;
        var run = PocNotebookRun.Run("01_data_validation.ipynb", folder, Path.Combine(folder, "out"),
            ("DATA_PATH", _csv), ("SCHEMA_PATH", ""), ("TARGET", "label"), ("POSITIVE_LABEL", "bad"), ("ID_COLUMN", "applicant_id"),
            ("RELATED_KEY", "birth_days, document_days"));

        Assert.AreEqual(0, run.ExitCode, run.Error);
        var related = run.ReadJson("validation.json")["related_records"]!;
        var groups = related["members"]!.AsArray().Select(m => m!["rows"]!.AsArray().Select(r => (int)r!).Order().ToArray()).ToList();
        Assert.HasCount(Repeats, groups);
        for (var i = 1; i <= Repeats; i++)
            Assert.IsTrue(groups.Any(g => g.SequenceEqual([i, Rows - Repeats + i])), $"repeat of data row {i} not found");
    }

    [TestMethod]
    public void BothHtmlPagesDrawEveryChartOffline()
    {
        Assert.IsGreaterThanOrEqualTo(5, _eda.ChartCount());
        _eda.AssertHtmlWorksOffline();
        _validation.AssertHtmlWorksOffline();
    }
}

/// <summary>Bad input to the PoC notebooks: a clear failed run, not a crash.</summary>
[TestClass]
public sealed class PocNotebookBadInputTests
{
    [TestMethod]
    [DataRow("01_data_validation.ipynb")]
    [DataRow("02_eda.ipynb")]
    public void AMissingDataFileFailsTheRunNamingTheFile(string notebook)
    {
        using var temp = new TempFolder();
        var missing = temp.File("no_such_file.csv");
        var run = PocNotebookRun.Run(notebook, temp.Path, temp.File("out"), ("DATA_PATH", missing));

        Assert.AreEqual(1, run.ExitCode);
        StringAssert.Contains(run.Error, missing, "the terminal error names the file");
        var errors = run.ErrorOutputs();
        Assert.HasCount(1, errors);
        StringAssert.Contains(errors[0], missing, "the notebook's error output names the file");
        Assert.IsTrue((bool?)run.Notebook["metadata"]!["papermill"]!["exception"] ?? false);
        Assert.IsTrue(File.Exists(run.HtmlPath), "the failed run is rendered for the reviewer");
        Assert.IsFalse(Directory.Exists(temp.File("out")) && Directory.EnumerateFiles(temp.File("out")).Any(), "nothing was written");
    }

    [TestMethod]
    [DataRow("01_data_validation.ipynb")]
    [DataRow("02_eda.ipynb")]
    public void ATargetWithAThirdLabelFailsTheRunNamingTheValues(string notebook)
    {
        using var temp = new TempFolder();
        var csv = temp.File("labels.csv");
        File.WriteAllText(csv, "id,grade,label\n" + string.Concat(Enumerable.Range(1, 40).Select(i =>
            $"{i},{(i % 3 == 0 ? "a" : "b")},{(i == 7 ? "maybe" : i % 4 == 0 ? "bad" : "good")}\n")));

        var run = PocNotebookRun.Run(notebook, temp.Path, temp.File("out"),
            ("DATA_PATH", csv), ("SCHEMA_PATH", ""), ("TARGET", "label"), ("POSITIVE_LABEL", "bad"), ("ID_COLUMN", "id"));

        Assert.AreEqual(1, run.ExitCode, run.Output);
        var error = run.ErrorOutputs().Single();
        StringAssert.Contains(error, "'maybe'");
        StringAssert.Contains(error, "positive label 'bad' and one negative label");
        if (notebook.StartsWith("01", StringComparison.Ordinal))
        {
            StringAssert.Contains(error, "target_labels", "the error names the failed rule");
            var report = run.ReadJson("validation.json");
            Assert.IsFalse((bool)report["passed"]!, "the report is written, marked failed, before the run stops");
        }
    }
}
