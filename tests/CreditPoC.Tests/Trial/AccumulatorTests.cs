using CreditPoC.Loading;
using CreditPoC.Trial;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Trial;

[TestClass]
public sealed class AccumulatorTests
{
    private string _dir = null!;
    private DailyFiles _files = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-accumulate").FullName;
        _files = new DailyFiles(Path.Combine(_dir, "raw"));
        Directory.CreateDirectory(_files.ApplicationsDirectory);
        Directory.CreateDirectory(_files.OutcomesDirectory);
        // Three days of applications; outcomes arrive two days after the application.
        File.WriteAllText(_files.ApplicationsOf(new(2021, 1, 1)), "SK_ID_CURR,NAME_TYPE_SUITE,AMT_CREDIT\n1,\"Spouse, partner\",100\n2,Family,200\n");
        File.WriteAllText(_files.ApplicationsOf(new(2021, 1, 2)), "SK_ID_CURR,NAME_TYPE_SUITE,AMT_CREDIT\n3,,300\n");
        File.WriteAllText(_files.ApplicationsOf(new(2021, 1, 3)), "SK_ID_CURR,NAME_TYPE_SUITE,AMT_CREDIT\n4,Family,400\n");
        File.WriteAllText(_files.OutcomesOf(new(2021, 1, 3)), "SK_ID_CURR,TARGET\n1,1\n2,0\n");
        File.WriteAllText(_files.OutcomesOf(new(2021, 1, 4)), "SK_ID_CURR,TARGET\n3,0\n");
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void OnlyApplicationsWhoseOutcomeArrivedByTheDateAreUsed()
    {
        var output = Path.Combine(_dir, "train.csv");
        var summary = Accumulator.Accumulate(_files, new DateOnly(2021, 1, 3), output);

        Assert.AreEqual(4, summary.Applications);
        Assert.AreEqual(2, summary.Rows);
        Assert.AreEqual(2, summary.Pending, "applications 3 and 4 have no outcome yet on 2021-01-03");
        Assert.AreEqual(0.5, summary.DefaultRate);
        CollectionAssert.AreEqual(new[]
        {
            "SK_ID_CURR,TARGET,NAME_TYPE_SUITE,AMT_CREDIT,APPLICATION_DATE",
            "1,1,\"Spouse, partner\",100,2021-01-01",
            "2,0,Family,200,2021-01-01",
        }, File.ReadAllLines(output));
    }

    [TestMethod]
    public void LaterDateGathersTheOutcomesThatMaturedSince()
    {
        var summary = Accumulator.Accumulate(_files, new DateOnly(2021, 1, 4), Path.Combine(_dir, "train.csv"));
        Assert.AreEqual(3, summary.Rows);
        Assert.AreEqual(new DateOnly(2021, 1, 3), summary.LastDay);
    }

    [TestMethod]
    public void BadInputNamesTheFileAndLeavesNoOutput()
    {
        var output = Path.Combine(_dir, "train.csv");
        var none = Assert.ThrowsExactly<UserFacingException>(() => Accumulator.Accumulate(_files, new DateOnly(2020, 12, 31), output));
        StringAssert.Contains(none.Message, "data split");

        File.WriteAllText(_files.OutcomesOf(new(2021, 1, 2)), "SK_ID_CURR,TARGET\n9,yes\n");
        var bad = Assert.ThrowsExactly<UserFacingException>(() => Accumulator.Accumulate(_files, new DateOnly(2021, 1, 3), output));
        StringAssert.Contains(bad.Message, "2021-01-02.csv line 2");
        StringAssert.Contains(bad.Message, "'yes'");
        Assert.IsFalse(File.Exists(output));
    }

    [TestMethod]
    public void ParquetOutputKeepsTheColumnsTyped()
    {
        var output = Path.Combine(_dir, "accumulated.parquet");
        var summary = Accumulator.Accumulate(_files, new DateOnly(2021, 1, 4), output);

        var data = TableFile.Load(output);
        Assert.AreEqual(3, summary.Rows);
        CollectionAssert.AreEqual(new[] { "SK_ID_CURR", "TARGET", "NAME_TYPE_SUITE", "AMT_CREDIT", "APPLICATION_DATE" }, data.Columns.Select(c => c.Name).ToArray());
        Assert.IsInstanceOfType<Int64DataFrameColumn>(data.Columns["TARGET"]);
        Assert.IsInstanceOfType<StringDataFrameColumn>(data.Columns["NAME_TYPE_SUITE"], "text on one day, empty on another: text");
        CollectionAssert.AreEqual(new object?[] { "Spouse, partner", "Family", null }, data.Columns["NAME_TYPE_SUITE"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { "2021-01-01", "2021-01-01", "2021-01-02" }, data.Columns["APPLICATION_DATE"].Cast<object?>().ToArray());
    }

    [TestMethod]
    public void ParquetDailyFilesGiveTheSameTrainingSetAsCsv()
    {
        var parquet = new DailyFiles(Path.Combine(_dir, "raw-parquet"));
        Directory.CreateDirectory(parquet.ApplicationsDirectory);
        Directory.CreateDirectory(parquet.OutcomesDirectory);
        foreach (var file in Directory.GetFiles(_files.RawDirectory, "*.csv", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(parquet.RawDirectory, Path.GetRelativePath(_files.RawDirectory, file));
            TableFile.Write(TableFile.Load(file), Path.ChangeExtension(copy, ".parquet"));
        }

        var fromCsv = Path.Combine(_dir, "from-csv.csv");
        var fromParquet = Path.Combine(_dir, "from-parquet.csv");
        Accumulator.Accumulate(_files, new DateOnly(2021, 1, 4), fromCsv);
        Accumulator.Accumulate(parquet, new DateOnly(2021, 1, 4), fromParquet);

        CollectionAssert.AreEqual(File.ReadAllLines(fromCsv), File.ReadAllLines(fromParquet));
    }

    [TestMethod]
    public void ADateWithNoOutcomeYetGivesTheColumnsAndNoRows()
    {
        var output = Path.Combine(_dir, "nothing-yet.parquet");
        var summary = Accumulator.Accumulate(_files, new DateOnly(2021, 1, 2), output);

        Assert.AreEqual(0, summary.Rows);
        var data = TableFile.Load(output, allowNoRows: true);
        Assert.AreEqual(0L, data.Rows.Count);
        Assert.AreEqual("APPLICATION_DATE", data.Columns[^1].Name);
    }
}
