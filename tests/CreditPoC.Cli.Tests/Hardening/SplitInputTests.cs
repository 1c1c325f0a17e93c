namespace CreditPoC.Cli.Tests.Hardening;

/// <summary><c>data split</c> on input that used to crash it: one line, exit 1, no folder left behind.</summary>
[TestClass]
public sealed class SplitInputTests
{
    private TempFolder _temp = null!;

    [TestInitialize]
    public void Init() => _temp = new TempFolder();

    [TestCleanup]
    public void Cleanup() => _temp.Dispose();

    private (int Code, string Error) Split(string input, string start = "2021-01-01")
    {
        var (code, _, error) = CliRunner.Run("data", "split", "--input", input, "--start", start, "--days", "5", "--out", _temp.File("raw"));
        Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), error);
        return (code, error);
    }

    [TestMethod]
    public void AStartNearTheEndOfTimeIsRefusedBeforeAnyFolderIsMade()
    {
        var csv = _temp.File("a.csv");
        Assert.AreEqual(0, CliRunner.Run("data", "generate", "--rows", "200", "--out", csv).Code);
        var (code, error) = Split(csv, "9999-12-30");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "runs past the last date there is (9999-12-31)");
        Assert.IsFalse(Directory.Exists(_temp.File("raw")));
    }

    [TestMethod]
    public void AnEndlessInputStopsAtTheRecordLimitAndSaysSo()
    {
        var (code, error) = Split("/dev/zero");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "a record longer than 64 MiB with no line end");
    }

    [TestMethod]
    public void AFolderIsNotAnInputFile()
    {
        var (code, error) = Split(Directory.CreateDirectory(_temp.File("d.csv")).FullName);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "is a folder, not a CSV or Parquet file");
    }
}
