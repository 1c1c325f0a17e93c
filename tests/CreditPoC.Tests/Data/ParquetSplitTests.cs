using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Tables;
using CreditPoC.Trial;

namespace CreditPoC.Tests.Data;

/// <summary><c>data split --format parquet</c>, a Parquet input, and the daily folders in either format.</summary>
[TestClass]
public sealed class ParquetSplitTests
{
    private const int Rows = 3000;
    private static readonly DateOnly Start = new(2021, 1, 1);
    private static string _dir = null!;
    private static string _csv = null!;
    private static TableSchema _schema = null!;

    [ClassInitialize]
    public static void GenerateOnce(TestContext context)
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-parquet-split").FullName;
        _csv = Path.Combine(_dir, "application_train.csv");
        HomeCreditGenerator.Generate(_csv, Rows, seed: 9, overwrite: false);
        _schema = TableSchemaYaml.Load(RepoRoot.File("parameters", "schema.yaml"));
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static string NewFolder() => Directory.CreateDirectory(Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N"))).FullName;

    private static SplitOptions Options(string input, string output, TableFormat format) =>
        new(input, output, Start, 20, 5, Overwrite: false) { Format = format, Schema = _schema };

    private static List<string> Ids(string path) => TableFile.ReadColumns(path, "SK_ID_CURR").Select(r => r.Fields[0]).ToList();

    [TestMethod]
    public void ParquetDaysHoldTheSameApplicationsAsCsvDaysTypedBySchema()
    {
        var csvOut = NewFolder();
        var parquetOut = NewFolder();
        var csvSummary = DailySplitter.Split(Options(_csv, csvOut, TableFormat.Csv) with { Schema = null });
        var parquetSummary = DailySplitter.Split(Options(_csv, parquetOut, TableFormat.Parquet));

        Assert.AreEqual(csvSummary, parquetSummary);
        var csvDays = new DailyFiles(csvOut);
        var parquetDays = new DailyFiles(parquetOut);
        var last = Start.AddDays(19);
        CollectionAssert.AreEqual(csvDays.ApplicationDays(last).ToList(), parquetDays.ApplicationDays(last).ToList());
        foreach (var day in parquetDays.ApplicationDays(last))
        {
            var parquet = parquetDays.ApplicationsOf(day);
            StringAssert.EndsWith(parquet, day.ToString("yyyy-MM-dd") + ".parquet");
            CollectionAssert.AreEqual(Ids(csvDays.ApplicationsOf(day)), Ids(parquet), parquet);
            CollectionAssert.DoesNotContain(TableFile.ColumnNames(parquet).ToList(), "TARGET");
        }
        CollectionAssert.AreEquivalent(csvDays.OutcomesKnownBy(last).ToList(), parquetDays.OutcomesKnownBy(last).ToList());

        // Typed by the schema: the day loads with the schema's types (sizes are the benchmark's: at 150 rows a day the footer dominates).
        var first = TableFile.Load(parquetDays.ApplicationsOf(Start), _schema, strict: false);
        Assert.IsTrue(ColumnValues.IsInteger(first.Columns["DAYS_BIRTH"]));
        Assert.IsTrue(ColumnValues.IsText(first.Columns["CODE_GENDER"]));
    }

    [TestMethod]
    public void AParquetInputSplitsIntoTheSameDaysAsItsCsv()
    {
        var parquetInput = Path.Combine(_dir, "application_train.parquet");
        if (!File.Exists(parquetInput)) TableFile.Write(TableFile.Load(_csv, _schema), parquetInput);
        var fromCsv = NewFolder();
        var fromParquet = NewFolder();

        DailySplitter.Split(Options(_csv, fromCsv, TableFormat.Csv) with { Schema = null });
        DailySplitter.Split(Options(parquetInput, fromParquet, TableFormat.Csv));

        var a = new DailyFiles(fromCsv);
        var b = new DailyFiles(fromParquet);
        foreach (var day in a.ApplicationDays(Start.AddDays(19)))
            CollectionAssert.AreEqual(Ids(a.ApplicationsOf(day)), Ids(b.ApplicationsOf(day)), day.ToString());
        Assert.AreEqual(File.ReadAllText(a.OutcomesOf(Start.AddDays(7))), File.ReadAllText(b.OutcomesOf(Start.AddDays(7))));
    }

    [TestMethod]
    public void AParquetInputOfTextColumnsIsRefusedAndNothingIsWritten()
    {
        var strings = Path.Combine(_dir, "strings.parquet");
        var data = TableFile.Load(_csv, _schema);
        TableFile.Write(new Microsoft.Data.Analysis.DataFrame(data.Columns.Select(c =>
            (Microsoft.Data.Analysis.DataFrameColumn)new Microsoft.Data.Analysis.StringDataFrameColumn(c.Name, ColumnValues.Texts(c)))), strings);
        var output = NewFolder();

        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(strings, output, TableFormat.Parquet)));

        StringAssert.StartsWith(error.Message, $"data file {strings}, column SK_ID_CURR: the Parquet column holds text (ByteArray), but the schema says integer");
        Assert.IsEmpty(Directory.GetFileSystemEntries(output), "no daily folder, no temporary left");
    }

    [TestMethod]
    public void ATruncatedParquetInputIsRefusedAndTheEarlierSplitStays()
    {
        var output = NewFolder();
        DailySplitter.Split(Options(_csv, output, TableFormat.Parquet));
        var before = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Order().Select(File.ReadAllBytes).ToList();
        var cut = Path.Combine(_dir, "cut.parquet");
        var whole = File.ReadAllBytes(new DailyFiles(output).ApplicationsOf(Start));
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);

        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(cut, output, TableFormat.Parquet) with { Overwrite = true }));

        StringAssert.StartsWith(error.Message, $"data file {cut} is truncated");
        var after = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Order().Select(File.ReadAllBytes).ToList();
        Assert.HasCount(before.Count, after);
        for (var i = 0; i < before.Count; i++) CollectionAssert.AreEqual(before[i], after[i]);
    }

    [TestMethod]
    public void ADayWithBothACsvAndAParquetFileIsAnErrorNamingBoth()
    {
        var output = NewFolder();
        DailySplitter.Split(Options(_csv, output, TableFormat.Parquet));
        var files = new DailyFiles(output);
        var csv = Path.Combine(files.ApplicationsDirectory, "2021-01-03.csv");
        File.WriteAllText(csv, "SK_ID_CURR\n1\n");

        var error = Assert.ThrowsExactly<UserFacingException>(() => files.ApplicationsOf(new DateOnly(2021, 1, 3)));

        StringAssert.Contains(error.Message, "2021-01-03.csv and ");
        StringAssert.Contains(error.Message, "2021-01-03.parquet exist");
        Assert.HasCount(20, files.ApplicationDays(Start.AddDays(30)), "the day is counted once");
    }
}
