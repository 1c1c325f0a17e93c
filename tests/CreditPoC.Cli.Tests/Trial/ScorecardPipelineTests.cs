using System.Globalization;
using System.Text.Json.Nodes;
using CreditPoC.Data;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests.Trial;

/// <summary>
/// The shipped trial pipeline with <c>-p MODEL_KIND scorecard</c>: learn fits, gates and registers a scorecard, and
/// inference and monitoring serve it. Not run side by side with other classes: notebooks share the process's working
/// directory (see <see cref="TrialPipelineTests"/>).
/// </summary>
[TestClass]
[TestCategory("Slow")]
[DoNotParallelize]
public sealed class ScorecardPipelineTests
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

    private static (int Code, string Output, string Error) Pipeline(string runs, string date, params string[] more) => CliRunner.Run(
        ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", runs, "--date", date, "-p", "RAW_DIR", Raw, .. more]);

    [TestMethod]
    public void ADayLearnedAsAScorecardRegistersItsKindAndItsPredictionsCarryPointsAndReasonsInPoints()
    {
        var runs = _temp.File("runs-scorecard");
        var (code, output, error) = Pipeline(runs, "2021-01-30", "-p", "MODEL_KIND", "scorecard");

        var registry = new ModelRegistry(Path.Combine(runs, "creditpoc.db"));
        var model = registry.List().SingleOrDefault() ?? throw new AssertFailedException($"learn registered no model: {output}{error}");
        var m = model.Metrics;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"scorecard of {m["characteristics"]} characteristics: trained on {m["train_rows"]:N0}, validated on {m["validation_rows"]:N0}; " +
            $"train AUC {m["train_auc"]:F4}, validation AUC {m["auc"]:F4}, gap {m["auc_gap"]:F4}; latency p99 {m["latency_p99_ms"]:F3} ms; " +
            $"gate {(model.GatePassed == true ? "passed" : "failed: " + string.Join("; ", model.GateReasons))}"));
        SqliteConnection.ClearAllPools();
        Assert.AreEqual(0, code, output + error);
        Assert.AreEqual("scorecard", model.Kind);
        StringAssert.EndsWith(model.Path, Path.Combine("model", "scorecard.yaml"));
        Assert.IsTrue(model.GatePassed, string.Join("; ", model.GateReasons));
        Assert.AreEqual(ModelStage.Production, model.Stage);

        var runFolder = Directory.GetDirectories(Path.Combine(runs, "2021-01-30")).Single();
        var lines = File.ReadAllLines(Path.Combine(runFolder, "predictions.csv"));
        Assert.AreEqual("SK_ID_CURR,score,points,decision,rules,reasons,flags", lines[0]);
        var applications = File.ReadAllLines(Path.Combine(Raw, "applications", "2021-01-30.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        CollectionAssert.AreEquivalent(applications, rows.Select(p => p[0]).ToList());
        Assert.IsTrue(rows.All(p => long.TryParse(p[2], CultureInfo.InvariantCulture, out var points) && points is > 0 and < 1200), lines[1]);
        Assert.IsTrue(rows.All(p => p[3] is "approve" or "reject" or "review"));
        // Reasons are quoted (bin labels hold commas): each ends "... N points".
        Assert.IsTrue(lines.Skip(1).Any(l => l.Contains(" points\"", StringComparison.Ordinal) || l.Contains(" points,", StringComparison.Ordinal)), lines[1]);
        Console.WriteLine($"first prediction: {lines[1]}");

        // Inference used this scorecard, and monitoring (score PSI against the scorecard's reference) ran on it.
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "summary.json")))!;
        var tasks = new RunStore(Path.Combine(runs, "creditpoc.db")).ListRuns(limit: 100, pipelineRunId: (string)summary["run_id"]!);
        Assert.AreEqual(model.Version, (long)tasks.Single(r => r.Task == "inference").Metrics["model_version"]);
        Assert.IsTrue(tasks.All(r => r.Status == RunStatus.Succeeded), string.Join(", ", tasks.Select(t => $"{t.Task} {t.Status}")));
        Assert.IsTrue(File.Exists(Path.Combine(runFolder, "monitoring.json")));

        // The next day learns LightGBM (the default): the registry holds both kinds, and LightGBM now serves.
        (code, output, error) = Pipeline(runs, "2021-01-31");
        Assert.AreEqual(0, code, output + error);
        var versions = registry.List();
        CollectionAssert.AreEqual(new[] { "lightgbm", "scorecard" }, versions.Select(v => v.Kind).ToArray());
        Assert.AreEqual(versions[0].Version, registry.Serving()!.Version);
        Assert.AreEqual(ModelStage.Archived, registry.Get(model.Version)!.Stage);
        var next = File.ReadAllLines(Path.Combine(Directory.GetDirectories(Path.Combine(runs, "2021-01-31")).Single(), "predictions.csv"));
        Assert.AreEqual("SK_ID_CURR,score,decision,rules,reasons,flags", next[0]);
        SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public void AnUnknownModelKindFailsLearnNamingTheParameterAndTheKindsAllowed()
    {
        var runs = _temp.File("runs-unknown-kind");
        var (code, output, _) = Pipeline(runs, "2021-01-30", "-p", "MODEL_KIND", "xgboost");

        Assert.AreEqual(1, code);
        StringAssert.Contains(output, "MODEL_KIND 'xgboost' is not a model kind learn can train: expected lightgbm or scorecard");
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"learn\s+failed"));
        Assert.IsEmpty(new ModelRegistry(Path.Combine(runs, "creditpoc.db")).List());
        SqliteConnection.ClearAllPools();
    }
}
