using System.Text.Json;

namespace CreditPoC.Bench.Tests;

/// <summary>The pipeline step against a repository with trial notebooks, run by the fake executor.</summary>
[TestClass]
public sealed class PipelineStepTests
{
    [TestMethod]
    public void RunsTheTrialPipelineForTheDayAndReportsEngineOverheadPerNotebook()
    {
        using var temp = new TempFolder();
        var root = temp.File("repo");
        Directory.CreateDirectory(Path.Combine(root, "parameters"));
        Directory.CreateDirectory(Path.Combine(root, "notebooks", "trial"));
        foreach (var notebook in Directory.GetFiles(Fixtures.Path("pipeline", "notebooks"), "*.ipynb"))
            File.Copy(notebook, Path.Combine(root, "notebooks", "trial", Path.GetFileName(notebook)));
        var yaml = File.ReadAllText(Fixtures.Path("pipeline", "pipeline.yaml")).Replace("notebooks/", "notebooks/trial/");
        File.WriteAllText(Path.Combine(root, "parameters", "pipeline.yaml"), "root: ..\n" + yaml);
        var executor = new FakeNotebookExecutor();
        var settings = BenchRunnerTests.Quick(temp, 300, "pipeline") with
        {
            RepositoryRoot = root, PipelineFrom = new DateOnly(2021, 3, 1), NotebookExecutor = executor,
        };

        BenchRunner.Run(settings, TextWriter.Null);

        Assert.HasCount(5, executor.Calls, "every task of the day ran");
        Assert.IsTrue(executor.Calls.All(c => c.Parameters["TARGET_DATE"] == "2021-03-01"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.OutputDirectory, "bench.json")));
        var step = json.RootElement.GetProperty("steps")[0];
        Assert.AreEqual("pipeline", step.GetProperty("step").GetString());
        Assert.IsFalse(step.TryGetProperty("skipped", out var skipped), $"ran: {skipped}");
        var figures = step.GetProperty("figures");
        Assert.AreEqual(5, figures.GetProperty("notebooks").GetInt32());
        Assert.AreEqual(0, figures.GetProperty("failed_days").GetInt32());
        Assert.IsGreaterThanOrEqualTo(0.0, figures.GetProperty("overhead_after_first_max_s").GetDouble());
        Assert.Contains("learn: succeeded", step.GetProperty("notes").ToString());
        Assert.Contains("quality gate: no model was learned", step.GetProperty("notes").ToString(), "the fake learn registers no model");
    }
}
