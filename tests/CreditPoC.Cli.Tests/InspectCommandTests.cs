using System.Text.Json;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class InspectCommandTests
{
    private static string WriteNotebook(string? parametersSource)
    {
        var notebook = PolyglotNotebook.Create();
        notebook.AddMarkdown("# Learn");
        if (parametersSource is not null) notebook.AddCode(parametersSource, "parameters");
        notebook.AddCode("Console.WriteLine(TARGET_DATE);");
        var directory = Path.Combine(Path.GetTempPath(), "creditpoc-inspect-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "learn.ipynb");
        notebook.Save(path);
        return path;
    }

    [ClassCleanup]
    public static void DeleteNotebooks()
    {
        var root = Path.Combine(Path.GetTempPath(), "creditpoc-inspect-tests");
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [TestMethod]
    public void ListsEachParameterWithTypeDefaultAndDescription()
    {
        var path = WriteNotebook("var TARGET_DATE = \"2021-01-31\"; // the run date\nDateOnly AS_OF = new(2021, 1, 31);\nint ROWS = 1000;\nvar CUSTOM = new List<int>();");

        var (code, output, _) = CliRunner.Run("inspect", path);

        Assert.AreEqual(0, code);
        StringAssert.Contains(output, $"Parameters of {path} (cell 2):");
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.IsTrue(lines.Any(l => l.StartsWith("  TARGET_DATE", StringComparison.Ordinal) && l.Contains("string") && l.Contains("\"2021-01-31\"") && l.EndsWith("the run date", StringComparison.Ordinal)), output);
        Assert.IsTrue(lines.Any(l => l.StartsWith("  AS_OF", StringComparison.Ordinal) && l.Contains("DateOnly") && l.Contains("new(2021, 1, 31)")), output);
        Assert.IsTrue(lines.Any(l => l.StartsWith("  ROWS", StringComparison.Ordinal) && l.Contains("int") && l.Contains("1000")), output);
        Assert.IsTrue(lines.Any(l => l.StartsWith("  CUSTOM", StringComparison.Ordinal) && l.Contains("(fixed)")), output);
    }

    [TestMethod]
    public void PrintsJson()
    {
        var path = WriteNotebook("var DATA_TYPE = \"train\";");

        var (code, output, _) = CliRunner.Run("inspect", path, "--json");

        Assert.AreEqual(0, code);
        var item = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        Assert.AreEqual("DATA_TYPE", item.GetProperty("name").GetString());
        Assert.AreEqual("string", item.GetProperty("type").GetString());
        Assert.AreEqual("\"train\"", item.GetProperty("default").GetString());
    }

    [TestMethod]
    public void SaysSoWhenThereIsNoParametersCell()
    {
        var (code, output, _) = CliRunner.Run("inspect", WriteNotebook(null));

        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "has no cell tagged 'parameters'");
    }

    [TestMethod]
    public void AMissingNotebookIsAnError()
    {
        var (code, _, error) = CliRunner.Run("inspect", "no/such.ipynb");

        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "notebook no/such.ipynb does not exist");
    }
}
