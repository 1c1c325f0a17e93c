namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class DataCommandsTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-cli-data").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void AssertOneLineError(string error, params string[] mentions)
    {
        var first = error.Split('\n')[0];
        StringAssert.StartsWith(first, "error: ");
        foreach (var mention in mentions) StringAssert.Contains(first, mention);
    }

    [TestMethod]
    public void GenerateThenSplitEndToEnd()
    {
        var csv = PathOf("raw/application_train.csv");
        var (code, output, error) = CliRunner.Run("data", "generate", "--rows", "2000", "--seed", "3", "--out", csv);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "wrote 2,000 rows");
        Assert.AreEqual(2001, File.ReadLines(csv).Count());
        Assert.AreEqual(2001, File.ReadLines(PathOf("raw/application_train.truth.csv")).Count());
        Assert.AreEqual("", error, "no progress lines for small files");

        (code, output, error) = CliRunner.Run("data", "split", "--input", csv, "--start", "2021-01-01", "--days", "20",
            "--outcome-delay-days", "5", "--out", PathOf("raw"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "split 2,000 applications over 20 days (2021-01-01 to 2021-01-20)");
        StringAssert.Contains(output, "outcomes fall after 2021-01-20 and were not written");
        Assert.HasCount(20, Directory.GetFiles(PathOf("raw/applications")));
        Assert.HasCount(20, Directory.GetFiles(PathOf("raw/outcomes")));
        Assert.AreEqual(2000, Directory.GetFiles(PathOf("raw/applications")).Sum(f => File.ReadLines(f).Count() - 1));
    }

    [TestMethod]
    public void BadRowCountsAreRejected()
    {
        foreach (var rows in new[] { "0", "-5", "many" })
        {
            var (code, _, error) = CliRunner.Run("data", "generate", "--rows", rows, "--out", PathOf("x.csv"));
            Assert.AreNotEqual(0, code);
            AssertOneLineError(error, "--rows");
        }
        Assert.IsFalse(File.Exists(PathOf("x.csv")));
    }

    [TestMethod]
    public void ExistingOutputNeedsForce()
    {
        var csv = PathOf("train.csv");
        Assert.AreEqual(0, CliRunner.Run("data", "generate", "--rows", "50", "--out", csv).Code);
        var before = File.ReadAllBytes(csv);
        var (code, _, error) = CliRunner.Run("data", "generate", "--rows", "60", "--out", csv);
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "already exists", "--force");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(csv));

        Assert.AreEqual(0, CliRunner.Run("data", "generate", "--rows", "60", "--out", csv, "--force").Code);
        Assert.AreEqual(61, File.ReadLines(csv).Count());

        Assert.AreEqual(0, CliRunner.Run("data", "split", "--input", csv, "--days", "3", "--out", PathOf("daily")).Code);
        (code, _, error) = CliRunner.Run("data", "split", "--input", csv, "--days", "3", "--out", PathOf("daily"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "--force");
        Assert.AreEqual(0, CliRunner.Run("data", "split", "--input", csv, "--days", "3", "--out", PathOf("daily"), "--force").Code);
    }

    [TestMethod]
    public void UnwritableOutputIsReported()
    {
        File.WriteAllText(PathOf("a-file"), "not a folder");
        var (code, _, error) = CliRunner.Run("data", "generate", "--rows", "10", "--out", PathOf("a-file/train.csv"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "a-file");

        var csv = PathOf("train.csv");
        CliRunner.Run("data", "generate", "--rows", "10", "--out", csv);
        (code, _, error) = CliRunner.Run("data", "split", "--input", csv, "--out", PathOf("a-file/daily"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "a-file");
    }

    [TestMethod]
    public void BadSplitArgumentsAreRejected()
    {
        var csv = PathOf("train.csv");
        CliRunner.Run("data", "generate", "--rows", "10", "--out", csv);

        var (code, _, error) = CliRunner.Run("data", "split", "--input", csv, "--days", "-2", "--out", PathOf("d"));
        Assert.AreNotEqual(0, code);
        AssertOneLineError(error, "--days");

        (code, _, error) = CliRunner.Run("data", "split", "--input", csv, "--start", "2021-13-45", "--out", PathOf("d"));
        Assert.AreNotEqual(0, code);
        AssertOneLineError(error, "--start", "2021-13-45");

        (code, _, error) = CliRunner.Run("data", "split", "--input", PathOf("missing.csv"), "--out", PathOf("d"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "missing.csv");
    }

    [TestMethod]
    public void BadInputFilesAreNamed()
    {
        File.WriteAllLines(PathOf("no-target.csv"), ["SK_ID_CURR,AMT_CREDIT", "100002,1.0"]);
        var (code, _, error) = CliRunner.Run("data", "split", "--input", PathOf("no-target.csv"), "--out", PathOf("d"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "TARGET");

        File.WriteAllLines(PathOf("no-id.csv"), ["TARGET", "1"]);
        (code, _, error) = CliRunner.Run("data", "split", "--input", PathOf("no-id.csv"), "--out", PathOf("d"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "SK_ID_CURR");

        File.WriteAllLines(PathOf("text-target.csv"), ["SK_ID_CURR,TARGET", "100002,0", "100003,unknown"]);
        (code, _, error) = CliRunner.Run("data", "split", "--input", PathOf("text-target.csv"), "--out", PathOf("d"));
        Assert.AreEqual(1, code);
        AssertOneLineError(error, "line 3", "TARGET", "unknown");
        Assert.IsFalse(Directory.Exists(PathOf("d/applications")), "a failed split writes no daily files");
    }

    [TestMethod]
    public void DriftFromADatePlantsDriftInTheDaysThatSplitPutsOnOrAfterIt()
    {
        var csv = PathOf("drift/application_train.csv");
        var (code, output, error) = CliRunner.Run("data", "generate", "--rows", "2000", "--seed", "3", "--out", csv,
            "--drift-from", "2021-01-15", "--start", "2021-01-01", "--days", "20");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "drift planted from row 1,401 of 2,000 (600 rows; 2021-01-15 on when split the same way)");
        (code, _, error) = CliRunner.Run("data", "split", "--input", csv, "--start", "2021-01-01", "--days", "20", "--out", PathOf("drift/raw"));
        Assert.AreEqual(0, code, error);
        int NewLevel(string day) => File.ReadLines(PathOf($"drift/raw/applications/{day}.csv")).Count(l => l.Contains("Platform economy"));
        Assert.AreEqual(0, NewLevel("2021-01-14"));
        Assert.IsGreaterThan(0, NewLevel("2021-01-15"));

        (code, _, error) = CliRunner.Run("data", "generate", "--rows", "100", "--out", PathOf("late.csv"), "--drift-from", "2021-05-01");
        Assert.AreEqual(2, code, "the options disagree: a bad argument");
        AssertOneLineError(error, "--drift-from 2021-05-01 is outside the split's days 2021-01-01 to 2021-03-31");
        (code, _, error) = CliRunner.Run("data", "generate", "--rows", "100", "--out", PathOf("nodrift.csv"), "--days", "30");
        Assert.AreEqual(2, code);
        AssertOneLineError(error, "--start and --days only place --drift-from");
        Assert.IsFalse(File.Exists(PathOf("late.csv")) || File.Exists(PathOf("nodrift.csv")));
    }
}
