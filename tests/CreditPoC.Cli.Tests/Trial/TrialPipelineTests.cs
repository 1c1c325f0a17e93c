using System.Text.Json.Nodes;
using CreditPoC.Data;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests.Trial;

/// <summary>
/// The shipped trial pipeline (parameters/pipeline.yaml and notebooks/trial), run headless over several days.
/// Not run side by side with other classes: notebooks share the process's working directory, and a notebook another
/// class runs from a temporary folder would move it under this pipeline's relative paths (and leave it in a folder
/// that class then deletes).
/// </summary>
[TestClass]
[TestCategory("Slow")]
[DoNotParallelize]
public sealed class TrialPipelineTests
{
    private static TempFolder _temp = null!;
    private static string Raw => _temp.File("raw");

    [ClassInitialize]
    public static void GenerateDailyBatches(TestContext _)
    {
        _temp = new TempFolder();
        var csv = _temp.File("application_train.csv");
        HomeCreditGenerator.Generate(csv, 12_000, 3, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, Raw, new DateOnly(2021, 1, 1), 40, 10, Overwrite: true));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static string Store(string runs) => Path.Combine(runs, "creditpoc.db");

    private static (int Code, string Output, string Error) Pipeline(string runs, params string[] more) => CliRunner.Run(
        ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", runs,
         "-p", "RAW_DIR", Raw, .. more]);

    [TestMethod]
    public void ThreeDaysInARowEachDecideEveryApplicationOfTheDayWithARegisteredModel()
    {
        var runs = _temp.File("runs-three-days");
        var (code, output, error) = Pipeline(runs, "--from", "2021-01-30", "--to", "2021-02-01");
        Assert.AreEqual(0, code, output + error);
        StringAssert.Contains(output, "3 of 3 days succeeded");

        var registry = new ModelRegistry(Store(runs));
        foreach (var day in new[] { "2021-01-30", "2021-01-31", "2021-02-01" })
        {
            var runFolder = Directory.GetDirectories(Path.Combine(runs, day)).Single();
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")))!;
            Assert.AreEqual("succeeded", (string?)summary["status"]);

            // Every application of the day has one prediction with a valid decision.
            var applications = File.ReadAllLines(Path.Combine(Raw, "applications", day + ".csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
            var predictions = File.ReadAllLines(Path.Combine(runFolder, "predictions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
            CollectionAssert.AreEquivalent(applications, predictions.Select(p => p[0]).ToList(), day);
            Assert.IsTrue(predictions.All(p => p[2] is "approve" or "reject" or "review"), day);
            Assert.IsTrue(predictions.All(p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture) is >= 0 and <= 1), day);

            // The registry holds the version inference used, and that version's bands met the policy's targets on validation.
            var tasks = new RunStore(Store(runs)).ListRuns(limit: 100, pipelineRunId: (string)summary["run_id"]!);
            var inference = tasks.Single(r => r.Task == "inference");
            var used = registry.Get((long)inference.Metrics["model_version"])!;
            Assert.AreEqual(tasks.Single(r => r.Task == "learn").Id, used.RunId, $"{day}: inference used the model that day's learn made");
            Assert.IsTrue(registry.History(used.Version).Any(h => h.To == ModelStage.Production), day);
            if (used.Metrics["approve_share"] > 0) Assert.IsGreaterThanOrEqualTo(0.95, used.Metrics["approve_accuracy"], day);
            if (used.Metrics["reject_share"] > 0) Assert.IsGreaterThanOrEqualTo(0.50, used.Metrics["reject_accuracy"], day);
            Assert.IsTrue(tasks.All(r => r.Status == RunStatus.Succeeded), day);
            StringAssert.StartsWith(tasks.Single(r => r.Task == "accumulate").InputFingerprints.Values.First(), "sha256:");
        }
        // One Production version at a time: each day's new model archived the previous one.
        Assert.AreEqual(1, registry.List().Count(m => m.Stage == ModelStage.Production));
        Assert.AreEqual(2, registry.List().Count(m => m.Stage == ModelStage.Archived));
    }

    [TestMethod]
    public void ADayWithNoApplicationsFailsClearlyAndAFailingLearnLeavesProductionServing()
    {
        var runs = _temp.File("runs-failures");
        // No applications file for the day: feature_engineering_test fails with a message naming the day; inference is skipped.
        var (code, output, _) = Pipeline(runs, "--date", "2021-03-15");
        Assert.AreEqual(1, code);
        StringAssert.Contains(output, "no applications arrived on 2021-03-15");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"inference\s+skipped"));

        (code, output, var error) = Pipeline(runs, "--date", "2021-01-25");
        Assert.AreEqual(0, code, output + error);
        var registry = new ModelRegistry(Store(runs));
        var production = registry.Production()!.Version;

        // learn fails (a policy file that does not exist): the Production model stays and still serves.
        (code, output, _) = Pipeline(runs, "--date", "2021-01-26", "-p", "POLICY_PATH", _temp.File("missing-policy.yaml"));
        Assert.AreEqual(1, code);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"learn\s+failed"));
        Assert.AreEqual(production, registry.Production()!.Version);
        Assert.AreEqual(production, registry.Serving()!.Version);
    }

    [TestMethod]
    public void WhenTheGateRefusesTheOnlyModelTheOutputAndTheSummaryNameItsReasons()
    {
        var runs = _temp.File("runs-refused");
        var strict = _temp.File("monitoring-strict.yaml");
        File.WriteAllText(strict, File.ReadAllText(RepoRoot.File("parameters", "monitoring.yaml")).Replace("min_auc: 0.65", "min_auc: 0.99"));

        var (code, output, _) = CliRunner.Run(
            ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", runs, "--date", "2021-01-25",
             "-p", "RAW_DIR", Raw, "-p", "MONITORING_PATH", strict]);

        Assert.AreEqual(1, code);
        const string why = "no registered model may serve: version 1 failed the quality gate: minimum AUC: validation AUC 0.";
        StringAssert.Contains(output, why);
        StringAssert.Contains(output, ", minimum 0.99");
        var runFolder = Directory.GetDirectories(Path.Combine(runs, "2021-01-25")).Single();
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")))!;
        var inference = summary["tasks"]!.AsArray().Single(t => (string?)t!["task"] == "inference")!;
        Assert.AreEqual("failed", (string?)inference["status"]);
        StringAssert.Contains((string?)inference["error"], why);
    }

    [TestMethod]
    public void AHolidayWithNoApplicationsSucceedsWithEmptyPredictionsAndAMonitoringNote()
    {
        var raw = _temp.File("raw-holiday");
        foreach (var file in Directory.GetFiles(Raw, "*.csv", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(raw, Path.GetRelativePath(Raw, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var holiday = Path.Combine(raw, "applications", "2021-01-31.csv");
        File.WriteAllText(holiday, File.ReadLines(holiday).First() + "\n");
        var runs = _temp.File("runs-holiday");

        var (code, output, error) = CliRunner.Run(
            ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", runs, "--date", "2021-01-31",
             "-p", "RAW_DIR", raw]);

        Assert.AreEqual(0, code, output + error);
        var runFolder = Directory.GetDirectories(Path.Combine(runs, "2021-01-31")).Single();
        var predictions = File.ReadAllLines(Path.Combine(runFolder, "predictions.csv"));
        Assert.HasCount(1, predictions, "the header alone");
        StringAssert.StartsWith(predictions[0], "SK_ID_CURR,");
        var monitoring = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "monitoring.json")))!;
        StringAssert.Contains(string.Join("\n", monitoring["notes"]!.AsArray().Select(n => (string?)n)), "no applications arrived on 2021-01-31");
        var inference = new RunStore(Store(runs)).ListRuns(limit: 10).Single(r => r.Task == "inference");
        Assert.AreEqual(0.0, inference.Metrics["applications"]);
    }
}
