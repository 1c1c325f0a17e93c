using System.Text.Json;
using CreditPoC.Data;
using CreditPoC.Tracking;

namespace CreditPoC.Bench.Tests;

/// <summary>The day-from-the-page step against a repository with trial notebooks and daily files, run by the fake executor.</summary>
[TestClass]
public sealed class WebDayStepTests
{
    [TestMethod]
    public void UploadsTheLastDayThroughThePageRunsInferenceAndTimesItUntilTheJobEnds()
    {
        using var temp = new TempFolder();
        var root = temp.File("repo");
        Directory.CreateDirectory(Path.Combine(root, "parameters"));
        Directory.CreateDirectory(Path.Combine(root, "notebooks", "trial"));
        foreach (var notebook in Directory.GetFiles(Fixtures.Path("pipeline", "notebooks"), "*.ipynb"))
            File.Copy(notebook, Path.Combine(root, "notebooks", "trial", Path.GetFileName(notebook)));
        var yaml = File.ReadAllText(Fixtures.Path("pipeline", "pipeline.yaml")).Replace("notebooks/", "notebooks/trial/");
        File.WriteAllText(Path.Combine(root, "parameters", "pipeline.yaml"), "root: ..\n" + yaml);
        File.Copy(RepoRoot.File("parameters", "schema.yaml"), Path.Combine(root, "parameters", "schema.yaml"));
        var generated = temp.File("generated.csv");
        HomeCreditGenerator.Generate(generated, 300, seed: 3, overwrite: true);
        DailySplitter.Split(new SplitOptions(generated, Path.Combine(root, "data", "raw"), new DateOnly(2021, 3, 1), 3, 1, Overwrite: true));
        var executor = new FakeNotebookExecutor();
        var settings = BenchRunnerTests.Quick(temp, 300, "webday") with { RepositoryRoot = root, NotebookExecutor = executor };
        var store = Path.Combine(settings.OutputDirectory, "work", "pipeline-runs", "creditpoc.db");
        Directory.CreateDirectory(Path.GetDirectoryName(store)!);
        var registry = new ModelRegistry(store);
        registry.Transition(registry.Register(temp.File("model.zip"), new Dictionary<string, double> { ["auc"] = 0.7 }, null, true, []), ModelStage.Production);

        BenchRunner.Run(settings, TextWriter.Null);

        CollectionAssert.AreEquivalent(new[] { "feature_engineering_test", "inference" }, executor.Calls.Select(c => Path.GetFileNameWithoutExtension(c.OutputPath)).ToArray(), "the inference job ran its tasks");
        Assert.IsTrue(executor.Calls.All(c => c.Parameters["TARGET_DATE"] == "2021-03-03"), "the last day");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.OutputDirectory, "bench.json")));
        var step = json.RootElement.GetProperty("steps")[0];
        Assert.AreEqual("webday", step.GetProperty("step").GetString());
        Assert.IsFalse(step.TryGetProperty("skipped", out var skipped), $"ran: {skipped}");
        Assert.IsGreaterThan(0.0, step.GetProperty("median").GetDouble());
        var decisions = step.GetProperty("figures").GetProperty("decisions_median_s").GetDouble();
        Assert.IsTrue(decisions > 0 && decisions <= step.GetProperty("seconds")[0].GetDouble() + 0.5, $"decisions after {decisions} s, before the job's end");
        var applications = File.ReadLines(Path.Combine(root, "data", "raw", "applications", "2021-03-03.csv")).Count() - 1;
        Assert.AreEqual(applications, step.GetProperty("figures").GetProperty("applications").GetInt32());
        Assert.Contains("inference succeeded", step.GetProperty("notes").ToString());
        Assert.AreEqual(applications + 1, File.ReadLines(Path.Combine(settings.OutputDirectory, "work", "webday", "raw", "applications", "2021-03-03.csv")).Count(),
            "the upload replaced the day's file with the same rows");
    }
}
