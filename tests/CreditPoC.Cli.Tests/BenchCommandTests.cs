using System.Text.Json;

namespace CreditPoC.Cli.Tests;

/// <summary>The bench verb maps its options onto the benchmark (tested itself in CreditPoC.Bench.Tests).</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    public void SelectedStepsOnlyAndAnUnknownStepIsAUsageError()
    {
        using var temp = new TempFolder();
        var schema = RepoRoot.File("parameters", "schema.yaml");
        var (code, _, error) = CliRunner.Run("bench", "--steps", "load,nosuch", "--schema", schema);
        Assert.AreEqual(2, code);
        Assert.Contains("nosuch", error);

        var output = temp.File("results");
        (code, var printed, error) = CliRunner.Run("bench", "--rows", "500", "--repeat", "2", "--data", temp.File("d.csv"), "--out", output,
            "--schema", schema, "--steps", "generate,load");
        Assert.AreEqual(0, code, printed + error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        var recorded = json.RootElement.GetProperty("steps").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "generate", "load" }, recorded.Select(s => s.GetProperty("step").GetString()).ToArray());
        Assert.AreEqual(2, recorded[1].GetProperty("seconds").GetArrayLength(), "--repeat 2 gives two measured runs");
        Assert.AreEqual(500, json.RootElement.GetProperty("settings").GetProperty("rows").GetInt32());
    }

    [TestMethod]
    public void TheScorecardStepRunsNotebookFiveOnTheBenchTable()
    {
        using var temp = new TempFolder();
        var output = temp.File("results");
        var (code, printed, error) = CliRunner.Run("bench", "--rows", "3000", "--repeat", "1", "--data", temp.File("d.csv"), "--out", output,
            "--schema", RepoRoot.File("parameters", "schema.yaml"), "--steps", "generate,scorecard", "--in-process", "--folds", "3", "--root", RepoRoot.Path);

        Assert.AreEqual(0, code, printed + error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
        var step = json.RootElement.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "scorecard");
        Assert.AreEqual(1, step.GetProperty("seconds").GetArrayLength());
        Assert.IsGreaterThan(0, step.GetProperty("figures").GetProperty("characteristics_in_card").GetDouble());
    }
}
