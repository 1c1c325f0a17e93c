using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Tracking;
using CreditPoC.Trial;
using CreditPoC.Web.Services;

namespace CreditPoC.Web.Tests;

/// <summary>
/// A served repository for the tests, made once per test run: generated data split into days, a model learned by
/// the library (as the learn notebook does) and promoted to Production, users of every role, an API key, and one
/// recorded run of a day with its predictions and a report page, so that every page has something to show.
/// </summary>
internal sealed class TrialWorld
{
    public const string Password = "correct-horse-battery";
    public static readonly DateOnly Start = new(2021, 1, 1);
    public static readonly DateOnly ModelDay = new(2021, 3, 20);
    public static readonly DateOnly DecidedDay = new(2021, 3, 21);
    public const string RunId = "20210321T000000Z-test";

    private static readonly Lazy<TrialWorld> Shared = new(() => new TrialWorld(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static TrialWorld Instance => Shared.Value;

    public string Root { get; }
    public string Raw => Path.Combine(Root, "data", "raw");
    public string Runs => Path.Combine(Root, "runs");
    public string StorePath => Path.Combine(Runs, "creditpoc.db");
    public string ApiKey { get; }
    public long ModelVersion { get; }
    public string JobId { get; } = "job-test-1";

    /// <summary>The user name for each role.</summary>
    public static string UserOf(string role) => role + "1";

    private TrialWorld()
    {
        Root = Path.Combine(Path.GetTempPath(), "creditpoc-web-tests", Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Root);
        foreach (var file in new[] { "schema.yaml", "decision_policy.yaml", "monitoring.yaml" })
        {
            Directory.CreateDirectory(Path.Combine(Root, "parameters"));
            File.Copy(RepoRoot.File("parameters", file), Path.Combine(Root, "parameters", file));
        }
        var csv = Path.Combine(Root, "generated.csv");
        HomeCreditGenerator.Generate(csv, 12_000, 7, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, Raw, Start, 90, 30, Overwrite: true));

        var schema = TableSchemaYaml.Load(Path.Combine(Root, "parameters", "schema.yaml"));
        var policy = DecisionPolicy.Load(Path.Combine(Root, "parameters", "decision_policy.yaml"));
        var work = Path.Combine(Root, "work");
        Directory.CreateDirectory(work);
        Accumulator.Accumulate(new DailyFiles(Raw), ModelDay, Path.Combine(work, "accumulated.parquet"), schema: schema);
        FeatureEngineering.Build(Path.Combine(work, "accumulated.parquet"), schema, DataType.Train, Path.Combine(work, "features_train.parquet"));
        var modelPath = Path.Combine(work, "model", "model.zip");
        var learned = Learner.Learn(Path.Combine(work, "features_train.parquet"), schema, null, policy, modelPath, 1, 42);
        TrialModels.SaveReference(learned); // what monitoring compares a day against
        var registry = new ModelRegistry(StorePath);
        ModelVersion = registry.Register(modelPath, learned.Metrics, null, true, []);
        registry.Transition(ModelVersion, ModelStage.Production);

        var access = new AccessStore(StorePath);
        var passwords = new Passwords();
        foreach (var role in Roles.All) access.AddUser(UserOf(role), role, passwords.Hash(UserOf(role), Password), "test");
        ApiKey = access.AddApiKey("test-client", "test");

        // A finished run of DecidedDay: its predictions (scored by the model above) and one report page.
        var runs = new RunStore(StorePath);
        var folder = Path.Combine(Runs, DecidedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), RunId);
        Directory.CreateDirectory(folder);
        FeatureEngineering.Build(new DailyFiles(Raw).ApplicationsOf(DecidedDay), schema, DataType.Test, Path.Combine(folder, "features_test.parquet"));
        var serving = TrialModels.Serving(new RunContext(Runs, StorePath));
        Inference.Score(Path.Combine(folder, "features_test.parquet"), schema, serving.Model, policy, serving.Bands, Path.Combine(folder, TrialPaths.PredictionsFile));
        File.WriteAllText(Path.Combine(folder, "inference.html"), "<!DOCTYPE html><html><body><h1>inference</h1><script>document.title='report'</script></body></html>");
        runs.StartPipelineRun(RunId, DecidedDay, folder, null);
        runs.FinishPipelineRun(RunId, RunStatus.Succeeded);
        var records = new WebRecords(StorePath);
        records.StartJob(JobId, DecidedDay, JobKinds.Inference, UserOf(Roles.Operator));
        records.FinishJob(JobId, JobStatus.Succeeded, null);
    }

    public IReadOnlyList<PredictionRow> Predictions()
    {
        var lines = File.ReadAllLines(Path.Combine(Runs, DecidedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), RunId, TrialPaths.PredictionsFile));
        return lines.Skip(1).Select(l => l.Split(',')).Select(f => new PredictionRow(f[0], double.Parse(f[1], CultureInfo.InvariantCulture), f[2], "", "", "")).ToList();
    }

    /// <summary>One application of <paramref name="day"/> as name → CSV text, read back from the day's file.</summary>
    public Dictionary<string, string> Application(DateOnly day, int row = 0)
    {
        var lines = File.ReadLines(new DailyFiles(Raw).ApplicationsOf(day)).Take(row + 2).ToList();
        var header = CsvLine(lines[0]);
        var values = CsvLine(lines[row + 1]);
        return header.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    /// <summary>Splits one CSV line (quoted fields allowed).</summary>
    public static List<string> CsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
