using CreditPoC.Decisions;
using CreditPoC.Modeling;
using CreditPoC.Monitoring;
using CreditPoC.Scorecards;
using CreditPoC.Tracking;

namespace CreditPoC.Trial;

/// <summary>A registered model ready to score: its registry record, the loaded model (of any kind) and its decision bands.</summary>
public sealed record ServingModel(ModelRecord Record, IScoringModel Model, ScoreBands Bands)
{
    /// <summary>The model's kind as registered: lightgbm, scorecard, ...</summary>
    public string Kind => Record.Kind;

    /// <summary>The scorecard, when the serving model is one (its points and reasons in points).</summary>
    public ScorecardModel? Scorecard => Model as ScorecardModel;

    public long Version => Record.Version;
    public ModelStage Stage => Record.Stage;
    public string Path => Record.Path;
    public double? ValidationAuc => Record.Metrics.TryGetValue("auc", out var auc) ? auc : null;
}

/// <summary>
/// The model registry as the trial notebooks use it, in the run store of the current run
/// (<see cref="RunContext.Current"/>): save the drift reference, register and promote a learned model, and find the
/// model that serves.
/// </summary>
public static class TrialModels
{
    /// <summary>Saves the training reference (what features and scores looked like) beside the model file; returns its path.</summary>
    public static string SaveReference(LearnResult learned)
    {
        var path = TrialPaths.ReferenceFor(learned.ModelPath);
        TrainingReference.Build(learned.Training, learned.Model.InputColumns, learned.ValidationScores, learned.BaseRate).Save(path);
        return path;
    }

    /// <summary>
    /// Registers the learned model with its metrics and the gate's verdict, linked to this task's run record, and
    /// promotes it to Production when it passed the gate and <paramref name="promote"/> is set (which archives the
    /// previous Production version). Returns the version as registered.
    /// </summary>
    public static ModelRecord Register(LearnResult learned, GateResult gate, GateInputs measured, bool promote = true, RunContext? run = null)
    {
        run ??= RunContext.Current;
        var registry = new ModelRegistry(run.StorePath);
        var metrics = new Dictionary<string, double>(learned.Metrics)
        {
            ["latency_p99_ms"] = measured.LatencyP99Milliseconds,
            ["flip_share"] = measured.FlipShare,
        };
        if (measured.ReferenceAuc is { } reference && double.IsFinite(reference)) metrics["reference_auc"] = reference;
        var version = registry.Register(learned.ModelPath, metrics, TaskRunId(run), gate.Passed, gate.FailureReasons, learned.Model.Kind);
        if (gate.Passed && promote) registry.Transition(version, ModelStage.Production);
        return registry.Get(version)!;
    }

    /// <summary>
    /// The model that serves: the Production version or, while none is promoted, the newest that passed the gate.
    /// When there is none, the error says why and what to do.
    /// </summary>
    public static ServingModel Serving(RunContext? run = null)
    {
        run ??= RunContext.Current;
        var registry = new ModelRegistry(run.StorePath);
        var serving = registry.Serving();
        if (serving is null)
        {
            var versions = registry.List();
            throw new UserFacingException(versions.Count == 0
                ? $"no model is registered in {run.StorePath}: run learn first (creditpoc pipeline runs it before inference)"
                : $"no registered model may serve: {WhyNot(versions[0])}" +
                  (versions.Count > 1 ? $"; none of the {versions.Count - 1:N0} earlier version(s) is in Production or passed the gate" : "") +
                  ". See 'creditpoc models list'; 'creditpoc models promote VERSION --override REASON' promotes one anyway");
        }
        return new ServingModel(serving, Load(serving.Kind, serving.Path), ScoreBands.FromMetrics(serving.Metrics, $"model version {serving.Version}"));
    }

    /// <summary>
    /// A registered model file by its kind: a scorecard YAML, or an ML.NET model zip for every other kind (LightGBM, and
    /// every version registered before the registry recorded kinds).
    /// </summary>
    public static IScoringModel Load(string kind, string path) =>
        kind == ModelKinds.Scorecard ? ScorecardModel.Load(path) : TrainedModel.Load(path);

    /// <summary>Why a version does not serve, in one phrase: the gate's reasons when it failed the gate.</summary>
    private static string WhyNot(ModelRecord version) =>
        version.GatePassed == false
            ? $"version {version.Version} failed the quality gate: " +
              (version.GateReasons.Count == 0 ? "no reasons were recorded" : string.Join("; ", version.GateReasons))
            : $"version {version.Version} is {version.Stage.ToString().ToLowerInvariant()}";

    /// <summary>The newest registered versions, for a table in the notebook.</summary>
    public static IReadOnlyList<ModelRecord> Recent(int count = 5, RunContext? run = null) =>
        new ModelRegistry((run ?? RunContext.Current).StorePath).List().Take(count).ToList();

    /// <summary>This task's run record in the store, when a pipeline recorded one.</summary>
    private static long? TaskRunId(RunContext run) =>
        run.InPipeline && File.Exists(run.StorePath)
            ? new RunStore(run.StorePath).ListRuns(limit: 1000, pipelineRunId: run.PipelineRunId).FirstOrDefault(r => r.Task == run.Task)?.Id
            : null;
}
