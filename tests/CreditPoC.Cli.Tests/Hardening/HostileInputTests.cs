using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests.Hardening;

/// <summary>Bad and hostile input through the command line: one line, the right exit code, nothing run, nothing lost.</summary>
[TestClass]
public sealed class HostileInputTests
{
    private TempFolder _temp = null!;

    [TestInitialize]
    public void Init() => _temp = new TempFolder();

    [TestCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private string Injected(string marker) => $"X=1; System.IO.File.WriteAllText(@\"{marker}\",\"x\"); var Y";

    private string Notebook()
    {
        var notebook = _temp.File("nb.ipynb");
        var nb = CreditPoC.Notebooks.Ipynb.PolyglotNotebook.Create();
        CreditPoC.Notebooks.Ipynb.PolyglotNotebook.AddCode(nb, "var X = 0;", "parameters");
        nb.Save(notebook);
        return notebook;
    }

    private static void AssertOneLine(string error, string expected)
    {
        StringAssert.Contains(error, expected);
        Assert.IsFalse(error.Contains("   at ", StringComparison.Ordinal), "no stack trace: " + error);
    }

    [TestMethod]
    public void AParameterNameThatIsCodeIsRefusedByRun()
    {
        var marker = _temp.File("pwned");
        var (code, _, error) = CliRunner.Run("run", Notebook(), "-o", _temp.File("out.ipynb"), "-p", Injected(marker), "1");
        Assert.AreEqual(2, code, error);
        AssertOneLine(error, "is not a C# identifier");
        Assert.IsFalse(File.Exists(marker), "the injected statement ran");
        Assert.IsFalse(File.Exists(_temp.File("out.ipynb")));
    }

    [TestMethod]
    public void AParameterNameThatIsCodeIsRefusedInAParametersFile()
    {
        var marker = _temp.File("pwned");
        File.WriteAllText(_temp.File("params.yaml"), $"'{Injected(marker)}': 1\n");
        var (code, _, error) = CliRunner.Run("run", Notebook(), "-o", _temp.File("out.ipynb"), "-f", _temp.File("params.yaml"));
        Assert.AreEqual(2, code, error);
        AssertOneLine(error, "is not a C# identifier");
        Assert.IsFalse(File.Exists(marker));
    }

    [TestMethod]
    public void AParameterNameThatIsCodeIsRefusedByPipeline()
    {
        var marker = _temp.File("pwned");
        var (code, _, error) = CliRunner.Run("pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--date", "2021-01-05",
            "--runs-dir", _temp.File("runs"), "-p", Injected(marker), "1");
        Assert.AreEqual(2, code, error);
        AssertOneLine(error, "is not a C# identifier");
        Assert.IsFalse(File.Exists(marker));
        Assert.IsFalse(Directory.Exists(_temp.File("runs/2021-01-05")), "nothing ran");
    }

    [TestMethod]
    public void PipelineHasStrict()
    {
        var (code, output, _) = CliRunner.Run("pipeline", "--help");
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "--strict");
    }

    [TestMethod]
    [DataRow("csv")]
    [DataRow("garbage")]
    public void AStoreThatIsNotOneIsOneLineAndExitOne(string kind)
    {
        var path = _temp.File("store." + kind);
        if (kind == "csv") File.WriteAllText(path, "SK_ID_CURR,TARGET\n1,0\n");
        else File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31 % 256)).ToArray());
        foreach (var verb in new[] { new[] { "runs", "list" }, ["runs", "show", "1"], ["models", "list"] })
        {
            var (code, _, error) = CliRunner.Run([.. verb, "--store", path]);
            Assert.AreEqual(1, code, $"{string.Join(' ', verb)}: {error}");
            AssertOneLine(error, $"{Path.GetFullPath(path)} is not a CreditPoC run store (file is not a database)");
            Assert.HasCount(1, error.Trim().Split('\n'), error);
        }
    }
}
