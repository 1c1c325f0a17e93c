using CreditPoC.Data;

namespace CreditPoC.Cli.Tests.Commands;

/// <summary>The verbs' new options: <c>data split --format/--schema</c> and <c>pipeline --resume</c>, and their bad input.</summary>
[TestClass]
public sealed class ParquetAndResumeVerbTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-cli-parquet").FullName;

    [TestCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void AssertOneLineError(string error, params string[] mentions)
    {
        // The error is the first line; a usage error adds where to find help on the next.
        var lines = error.TrimEnd().Split('\n');
        StringAssert.StartsWith(lines[0], "error: ");
        Assert.IsTrue(lines.Skip(1).All(l => !l.StartsWith("error", StringComparison.Ordinal) && !l.Contains("   at ", StringComparison.Ordinal)), error);
        foreach (var mention in mentions) StringAssert.Contains(lines[0], mention);
    }

    [TestMethod]
    public void SplitWritesParquetDaysTypedByTheSchemaAndTakesAParquetInput()
    {
        var csv = PathOf("application_train.csv");
        HomeCreditGenerator.Generate(csv, 1500, 4, overwrite: true);

        var (code, output, error) = CliRunner.Run("data", "split", "--input", csv, "--days", "10", "--outcome-delay-days", "3",
            "--out", PathOf("raw"), "--format", "parquet", "--schema", RepoRoot.File("parameters", "schema.yaml"));

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "split 1,500 applications over 10 days");
        Assert.HasCount(10, Directory.GetFiles(PathOf("raw/applications"), "*.parquet"));
        Assert.HasCount(10, Directory.GetFiles(PathOf("raw/outcomes"), "*.parquet"));
        Assert.IsEmpty(Directory.GetFiles(PathOf("raw"), "*.csv", SearchOption.AllDirectories));

        // A day file as the input of another split: Parquet in, CSV out.
        (code, _, error) = CliRunner.Run("data", "split", "--input", PathOf("raw/applications/2021-01-01.parquet"), "--days", "2", "--out", PathOf("again"));
        Assert.AreEqual(1, code, "a day has no TARGET");
        AssertOneLineError(error, "2021-01-01.parquet has no TARGET column");
    }

    [TestMethod]
    public void SplitRefusesAnUnknownFormatATruncatedParquetAndAParquetOfTextColumns()
    {
        var (code, _, error) = CliRunner.Run("data", "split", "--format", "xlsx", "--out", PathOf("raw"));
        Assert.AreEqual(2, code);
        AssertOneLineError(error, "--format", "csv or parquet", "'xlsx'");

        var cut = PathOf("cut.parquet");
        File.WriteAllBytes(cut, [.. "PAR1"u8, .. new byte[400]]);
        (code, _, error) = CliRunner.Run("data", "split", "--input", cut, "--out", PathOf("raw"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, cut, "is truncated");
        Assert.IsFalse(Directory.Exists(PathOf("raw/applications")), "nothing written");
    }

    [TestMethod]
    public void ResumeNeedsAKnownRunATaskAndNoDateRange()
    {
        var store = PathOf("runs/creditpoc.db");
        string[] common = ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", PathOf("runs"), "--store", store];

        var (code, _, error) = CliRunner.Run([.. common, "--resume", "20210331T060000Z-ab12", "--only", "learn"]);
        Assert.AreEqual(2, code);
        AssertOneLineError(error, "--resume 20210331T060000Z-ab12: no pipeline run with that id in the run store", "creditpoc runs list");

        (code, _, error) = CliRunner.Run([.. common, "--resume", "20210331T060000Z-ab12"]);
        Assert.AreEqual(2, code);
        AssertOneLineError(error, "needs the task to rerun: --only TASK");

        (code, _, error) = CliRunner.Run([.. common, "--resume", "20210331T060000Z-ab12", "--only", "learn", "--from", "2021-03-01", "--to", "2021-03-02"]);
        Assert.AreEqual(2, code);
        AssertOneLineError(error, "give no date range");

        (code, _, error) = CliRunner.Run([.. common, "--resume", "20210331T060000Z-ab12", "--only", "lern"]);
        Assert.AreEqual(2, code);
        AssertOneLineError(error, "lern");
        Assert.IsFalse(Directory.Exists(PathOf("runs/2021-03-31")));
    }
}
