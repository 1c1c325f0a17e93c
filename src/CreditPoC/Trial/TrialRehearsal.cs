using System.Diagnostics;
using CreditPoC.Data;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Monitoring;
using CreditPoC.Tracking;

namespace CreditPoC.Trial;

/// <summary>One stage of a <see cref="TrialRehearsal"/>: its name, its time, and the error when it failed.</summary>
public sealed record RehearsalStage(string Name, TimeSpan Duration, string? Error = null);

/// <summary>What a <see cref="TrialRehearsal"/> did, and what it leaves for a display formatter to rehearse.</summary>
public sealed record RehearsalResult(IReadOnlyList<RehearsalStage> Stages, IReadOnlyList<object> Displays)
{
    public bool Succeeded => Stages.All(s => s.Error is null);

    /// <summary>"parameters 0.1 s, daily files 0.4 s, learn failed after 0.2 s (…)", for a log.</summary>
    public override string ToString() => string.Join(", ", Stages.Select(s => s.Error is null
        ? FormattableString.Invariant($"{s.Name} {s.Duration.TotalSeconds:F1} s")
        : FormattableString.Invariant($"{s.Name} failed after {s.Duration.TotalSeconds:F1} s ({s.Error})")));
}

/// <summary>
/// A dress rehearsal of the trial's notebooks on a small generated table in a temporary folder, with the project's
/// own parameters: the schema, daily files, accumulate, feature engineering for train and test (Parquet), learning a
/// small LightGBM model with its gate inputs, registering it in a throwaway run store, loading it back to serve,
/// inference with reasons and decisions, and the monitoring report. Each notebook runs in a fresh kernel process, where
/// the first call of each of these (JIT, ML.NET's catalogue, YAML and SQLite set-up) costs more than the work on a
/// day's rows; a kernel started in advance runs this while it waits, so that the notebook it then serves finds that
/// code compiled. Nothing outside the temporary folder is touched.
/// </summary>
public static class TrialRehearsal
{
    private const int Rows = 1_500, Days = 14, OutcomeDelayDays = 3;

    /// <summary>
    /// Runs the rehearsal for the project at <paramref name="projectRoot"/> (the folder holding <c>parameters/</c>);
    /// never throws. It ends early, between two stages, when <paramref name="stop"/> is cancelled.
    /// </summary>
    public static RehearsalResult Run(string projectRoot, CancellationToken stop = default)
    {
        var stages = new List<RehearsalStage>();
        var displays = new List<object>();
        var parameters = Path.Combine(projectRoot, "parameters");
        var schemaPath = Path.Combine(parameters, "schema.yaml");
        var policyPath = Path.Combine(parameters, "decision_policy.yaml");
        var monitoringPath = Path.Combine(parameters, "monitoring.yaml");
        if (!File.Exists(schemaPath) || !File.Exists(policyPath))
            return new RehearsalResult([new RehearsalStage("parameters", TimeSpan.Zero, $"no {schemaPath} or {policyPath}")], displays);

        var folder = Directory.CreateTempSubdirectory("creditpoc-rehearsal-").FullName;
        try
        {
            bool Stage(string name, Action action)
            {
                if (stop.IsCancellationRequested)
                {
                    stages.Add(new RehearsalStage(name, TimeSpan.Zero, "stopped: the notebook arrived"));
                    return false;
                }
                var clock = Stopwatch.StartNew();
                try
                {
                    action();
                    stages.Add(new RehearsalStage(name, clock.Elapsed));
                    return true;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    stages.Add(new RehearsalStage(name, clock.Elapsed, $"{e.GetType().Name}: {e.Message}"));
                    return false;
                }
            }

            TableSchema schema = null!;
            DecisionPolicy policy = null!;
            MonitoringSettings settings = null!;
            var raw = Path.Combine(folder, "raw");
            var start = new DateOnly(2021, 1, 1);
            var day = start.AddDays(Days - 1);
            var files = new DailyFiles(raw);
            var store = Path.Combine(folder, "runs", "creditpoc.db");
            var paths = new TrialPaths(Path.Combine(folder, "runs", day.ToString(DailyFiles.DateFormat, System.Globalization.CultureInfo.InvariantCulture), "rehearsal"));
            var context = new RunContext(paths.RunDirectory, store, "rehearsal", "rehearsal");
            LearnResult learned = null!;
            ServingModel serving = null!;

            if (!Stage("parameters", () =>
                {
                    schema = TableSchemaYaml.Load(schemaPath);
                    policy = DecisionPolicy.Load(policyPath);
                    settings = MonitoringSettings.Load(File.Exists(monitoringPath) ? monitoringPath : null);
                })) return new RehearsalResult(stages, displays);
            if (!Stage("daily files", () =>
                {
                    var generated = Path.Combine(folder, "generated.csv");
                    HomeCreditGenerator.Generate(generated, Rows, seed: 7, overwrite: true);
                    DailySplitter.Split(new SplitOptions(generated, raw, start, Days, OutcomeDelayDays, Overwrite: true));
                    Directory.CreateDirectory(paths.RunDirectory);
                })) return new RehearsalResult(stages, displays);
            var trained = Stage("accumulate and features", () =>
            {
                Accumulator.Accumulate(files, day, paths.Accumulated, schema: schema);
                FeatureEngineering.Build(paths.FeatureInput(DataType.Train, files, day), schema, DataType.Train, paths.Features(DataType.Train));
                FeatureEngineering.Build(paths.FeatureInput(DataType.Test, files, day), schema, DataType.Test, paths.Features(DataType.Test));
            }) && Stage("learn", () =>
            {
                learned = Learner.Learn(paths.Features(DataType.Train), schema, null, policy, paths.Model);
                TrialModels.SaveReference(learned);
                var registry = new ModelRegistry(store);
                var version = registry.Register(paths.Model, learned.Bands.ToMetrics(), null, true, []);
                registry.Transition(version, ModelStage.Production);
            });
            if (!trained) return new RehearsalResult(stages, displays);
            Stage("inference", () =>
            {
                serving = TrialModels.Serving(context);
                var result = Inference.Score(paths.Features(DataType.Test), schema, serving.Model, policy, serving.Bands, paths.Predictions);
                displays.Add(result.First());
            });
            Stage("monitoring", () =>
            {
                var report = MonitoringReport.Build(new MonitoringInputs(day, paths.RunDirectory, store, raw, schema, settings));
                report.Save(paths.Monitoring);
                displays.Add(Charts.MonitoringCharts.PsiBars(report.Today, settings.Drift));
                displays.Add(Charts.MonitoringCharts.DriftTable(report.Today));
            });
            return new RehearsalResult(stages, displays);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a file still open on a slow file system: the temporary folder is the system's to clean
            }
        }
    }
}
