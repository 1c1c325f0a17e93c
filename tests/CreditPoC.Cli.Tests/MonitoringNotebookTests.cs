using System.Text.Json.Nodes;
using CreditPoC.Data;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Monitoring;
using CreditPoC.Tracking;
using CreditPoC.Trial;

namespace CreditPoC.Cli.Tests;

/// <summary>
/// notebooks/trial/monitoring.ipynb run headless in process on small generated data with planted drift. The files
/// the trial blocks would write are prepared through the library: daily files, a model learned on the early days
/// with its reference.json registered as the serving model, and earlier days' run folders with predictions.csv.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class MonitoringNotebookTests
{
    private static readonly DateOnly Start = new(2021, 1, 1);

    [TestMethod]
    public void MonitoringNotebookReportsPlantedDriftAsAlertAndWritesMonitoringJson()
    {
        using var temp = new TempFolder();
        var root = RepoRoot.Path;
        var schemaPath = Path.Combine(root, "parameters", "schema.yaml");
        var schema = TableSchemaYaml.Load(schemaPath);
        var raw = temp.File("raw");
        var runs = temp.File("runs");
        var store = Path.Combine(runs, "creditpoc.db");

        // 12,000 applications over 20 days (600 a day), outcomes 5 days later, drift from 2021-01-16 on.
        var csv = temp.File("application_train.csv");
        HomeCreditGenerator.Generate(csv, 12000, 3, overwrite: false, drift: GenerationDrift.FromDate(new DateOnly(2021, 1, 16), Start, 20, 12000));
        DailySplitter.Split(new SplitOptions(csv, raw, Start, 20, 5, false));
        var files = new DailyFiles(raw);

        // learn on 2021-01-14 (outcomes of 2021-01-01 to 01-09; the last week validates): its model and reference.json, registered as the serving model.
        // The blocks' files go where the pipeline puts them (TrialPaths owns the names).
        var learnDir = Path.Combine(runs, "2021-01-14", "20210114T060000Z-0001");
        var learnPaths = new TrialPaths(learnDir);
        Accumulator.Accumulate(files, new DateOnly(2021, 1, 14), learnPaths.Accumulated);
        FeatureEngineering.Build(learnPaths.Accumulated, schema, DataType.Train, learnPaths.Features(DataType.Train));
        var policy = DecisionPolicy.Load(Path.Combine(root, "parameters", "decision_policy.yaml"));
        var learned = Learner.Learn(learnPaths.Features(DataType.Train), schema, LightGbmParameters.Default with { NumBoostRound = 60 },
            policy, learnPaths.Model, validationWeeks: 1);
        TrainingReference.Build(learned.Training, learned.Model.InputColumns, learned.ValidationScores, learned.BaseRate)
            .Save(learnPaths.Reference);
        new ModelRegistry(store).Register(learned.ModelPath, learned.Metrics);

        // Daily inference from 2021-01-08 to 2021-01-20, each day in its own run folder.
        string runDir = "";
        for (var day = new DateOnly(2021, 1, 8); day <= new DateOnly(2021, 1, 20); day = day.AddDays(1))
        {
            runDir = Path.Combine(runs, day.ToString("yyyy-MM-dd"), $"{day:yyyyMMdd}T070000Z-0002");
            var paths = new TrialPaths(runDir);
            FeatureEngineering.Build(files.ApplicationsOf(day), schema, DataType.Test, paths.Features(DataType.Test));
            Inference.Score(paths.Features(DataType.Test), schema, learned.Model, policy, learned.Bands, paths.Predictions);
        }

        var notebook = Path.Combine(root, "notebooks", "trial", "monitoring.ipynb");
        var output = temp.File("out/monitoring.ipynb");
        var (code, printed, error) = CliRunner.Run("run", notebook, "-o", output,
            "-p", "TARGET_DATE", "2021-01-20", "--run-dir", runDir, "--store", store,
            "-p", "RAW_DIR", raw, "-p", "SCHEMA_PATH", schemaPath, "-p", "MONITORING_PATH", Path.Combine(root, "parameters", "monitoring.yaml"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.AreEqual(0, code, printed + error);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, MonitoringReport.FileName)))!;
        Assert.AreEqual("ALERT", (string?)json["status"]);
        var psi = json["psi"]!.AsObject();
        Assert.IsGreaterThan(50, psi.Count, "PSI for every feature");
        Assert.IsGreaterThan(0.25, (double)psi["EXT_SOURCE_2"]!);
        Assert.IsGreaterThan(0.25, (double)psi["AMT_CREDIT"]!);
        Assert.IsFalse(psi.ContainsKey("SK_ID_CURR"), "the id column is not compared");
        StringAssert.EndsWith((string?)json["reference"], Path.Combine(learnDir, "model", "reference.json"));
        Assert.IsNull(json["today"]!["by_psi"], "features are listed once");
        Assert.AreEqual("ALERT", (string?)json["today"]!["features"]!["features"]!.AsArray().Single(f => (string?)f!["feature"] == "EXT_SOURCE_3")!["status"]);
        var weeks = json["performance"]!.AsArray();
        Assert.IsGreaterThanOrEqualTo(3, weeks.Count);
        Assert.IsNotNull(weeks[0]!["auc"], "the first week's outcomes have arrived");
        var fairness = json["fairness"]!.AsArray();
        CollectionAssert.IsSubsetOf(new[] { "F", "M" }, fairness.Select(g => (string?)g!["group"]).ToList());
        Assert.IsTrue(fairness.Any(g => (string?)g!["attribute"] == "age band"));
        Assert.IsGreaterThan(5, json["window_dates"]!.AsArray().Count);

        var recorded = new RunStore(store).ListRuns(limit: 10).Single(r => r.Task == "monitoring");
        Assert.AreEqual(2.0, recorded.Metrics["drift_status"]);
        Assert.IsTrue(recorded.Artifacts.ContainsKey("monitoring"));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var html = File.ReadAllText(Path.ChangeExtension(output, ".html"));
        foreach (var text in new[] { "PSI per feature", "Score distribution: reference vs today", "Performance by application week", "approval ratio", "ALERT" })
            StringAssert.Contains(html, text);
        StringAssert.Contains(printed + File.ReadAllText(output), "STATUS ALERT");
        if (Environment.GetEnvironmentVariable("CREDITPOC_KEEP_MONITORING_HTML") is { Length: > 0 } keep)
            File.Copy(Path.ChangeExtension(output, ".html"), keep, overwrite: true);
    }
}
