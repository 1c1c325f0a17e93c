using System.Text.Json;

namespace CreditPoC.Bench.Tests;

[TestClass]
public sealed class BenchRunnerTests
{
    /// <summary>What <c>creditpoc bench --quick --no-cold --no-python</c> asks for, on small data in a temp folder.</summary>
    internal static BenchSettings Quick(TempFolder temp, int rows, params string[] steps) => new()
    {
        Rows = rows,
        DataPath = temp.File("data.csv"),
        SchemaPath = RepoRoot.File("parameters", "schema.yaml"),
        OutputDirectory = temp.File("results"),
        RepositoryRoot = temp.Path,
        Repeat = 1,
        WarmUp = false,
        Steps = steps,
        Folds = 2,
        Trials = 2,
        SingleRows = 200,
        ColdNotebook = false,
        CompareWithPython = false,
    };

    [TestMethod]
    [TestCategory("Slow")]
    public void TinyRunWritesTheTableAndTheJsonWithEverySelectedStep()
    {
        using var temp = new TempFolder();
        var steps = BenchSteps.Names;
        var settings = Quick(temp, 2000, [.. steps]) with { Models = ["lr", "lightgbm"], SingleRows = 100 };
        var log = new StringWriter();

        var records = BenchRunner.Run(settings, log);

        Assert.IsFalse(records.Any(r => r.Result.Skipped?.StartsWith("failed", StringComparison.Ordinal) == true), log.ToString());
        Assert.IsTrue(File.Exists(settings.DataPath), "the data was generated because it was absent");
        var markdown = File.ReadAllText(Path.Combine(settings.OutputDirectory, "bench.md"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.OutputDirectory, "bench.json")));
        var root = json.RootElement;
        Assert.IsTrue(root.GetProperty("finished").GetBoolean());
        Assert.AreEqual(2000, root.GetProperty("settings").GetProperty("rows").GetInt32());
        Assert.AreEqual(42, root.GetProperty("settings").GetProperty("seed").GetInt32());
        Assert.IsGreaterThan(0, root.GetProperty("machine").GetProperty("cores").GetInt32());
        var recorded = root.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("step").GetString()!);
        CollectionAssert.AreEquivalent(steps.ToList(), recorded.Keys.ToList());

        foreach (var (name, step) in recorded)
        {
            var description = step.GetProperty("description").GetString()!;
            Assert.Contains(description, markdown, $"the table has a row for {name}");
            if (name is "pipeline" or "kernel" or "webday" or "scorecard" or "lightgbm-native") continue; // no notebooks or days in the test's repository root; no Python asked for
            Assert.IsFalse(step.TryGetProperty("skipped", out var skipped), $"{name} ran: {skipped}");
            Assert.IsGreaterThan(0.0, step.GetProperty("median").GetDouble(), $"{name} was timed");
            Assert.IsGreaterThan(0.0, step.GetProperty("peakMiB").GetDouble(), $"{name} has a peak memory");
        }
        Assert.AreEqual("skipped: no trial notebooks", recorded["pipeline"].GetProperty("skipped").GetString());
        StringAssert.StartsWith(recorded["webday"].GetProperty("skipped").GetString(), "skipped: no daily files");
        StringAssert.EndsWith(recorded["scorecard"].GetProperty("skipped").GetString(), Path.Combine("notebooks", "poc", "05_scorecard.ipynb"));
        StringAssert.StartsWith(recorded["kernel"].GetProperty("skipped").GetString(), "skipped: --no-python");
        StringAssert.StartsWith(recorded["lightgbm-native"].GetProperty("skipped").GetString(), "skipped: --no-python");
        Assert.AreEqual(2000, recorded["load"].GetProperty("rows").GetInt32());
        Assert.IsGreaterThan(0.0, recorded["score"].GetProperty("rowsPerSecond").GetDouble());
        var single = recorded["single"].GetProperty("figures");
        Assert.IsLessThanOrEqualTo(single.GetProperty("p99_ms").GetDouble(), single.GetProperty("p50_ms").GetDouble());
        Assert.AreEqual(100, single.GetProperty("calls").GetInt32());
        var tune = recorded["tune"].GetProperty("figures");
        Assert.IsTrue(tune.TryGetProperty("tpe_best_auc", out _) && tune.TryGetProperty("random_best_auc", out _), "both searches report their best AUC");
        Assert.AreEqual(2, recorded["compare"].GetProperty("figures").GetProperty("folds").GetInt32());
        Assert.Contains("| peak memory, whole run |", markdown);
        Assert.Contains("rounds", recorded["train"].GetProperty("figures").ToString());
        if (OperatingSystem.IsLinux())
            foreach (var (name, step) in recorded)
                Assert.IsGreaterThanOrEqualTo(0.0, step.GetProperty("otherCoresAtStart").GetDouble(), $"{name}: other processes' cores sampled");
    }

    [TestMethod]
    public void OnlyTheSelectedStepsRunInTheirOrderEachRepeated()
    {
        using var temp = new TempFolder();
        var settings = Quick(temp, 500, "load", "generate") with { Repeat = 2 };

        BenchRunner.Run(settings, TextWriter.Null);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.OutputDirectory, "bench.json")));
        var recorded = json.RootElement.GetProperty("steps").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "generate", "load" }, recorded.Select(s => s.GetProperty("step").GetString()).ToArray());
        Assert.AreEqual(2, recorded[1].GetProperty("seconds").GetArrayLength(), "Repeat = 2 gives two measured runs");
    }

    [TestMethod]
    public void AFailingStepIsRecordedAndTheRunGoesOn()
    {
        using var temp = new TempFolder();
        var settings = Quick(temp, 300, "load", "validate") with { SchemaPath = temp.File("missing.yaml") };

        var records = BenchRunner.Run(settings, TextWriter.Null);

        Assert.HasCount(2, records);
        Assert.IsTrue(records.All(r => r.Result.Skipped?.StartsWith("failed: ", StringComparison.Ordinal) == true));
        StringAssert.Contains(File.ReadAllText(Path.Combine(settings.OutputDirectory, "bench.md")), "failed: ");
    }

    [TestMethod]
    public void TheParquetStepComparesTheLoadWithCsvAndReportsBothSizes()
    {
        using var temp = new TempFolder();
        var settings = Quick(temp, 1000, "parquet");

        var result = BenchRunner.Run(settings, TextWriter.Null).Single().Result;

        Assert.IsNull(result.Skipped, result.Skipped);
        Assert.AreEqual(1000L, result.Rows);
        Assert.AreEqual(new FileInfo(settings.DataPath).Length, result.Figures["csv_bytes"]);
        Assert.IsGreaterThan(0.0, result.Figures["parquet_bytes"]);
        Assert.IsLessThan(result.Figures["csv_bytes"], result.Figures["parquet_bytes"]);
        Assert.IsGreaterThan(0.0, result.Figures["csv_median_s"]);
        StringAssert.Contains(result.Notes.Single(), "of the CSV");
    }
}
