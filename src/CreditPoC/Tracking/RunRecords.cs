namespace CreditPoC.Tracking;

/// <summary>The lifecycle of a run or a pipeline run.</summary>
public static class RunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>The stages a registered model moves through.</summary>
public enum ModelStage { None, Staging, Production, Archived }

/// <summary>One recorded task run: a notebook executed with parameters.</summary>
public sealed record RunRecord(
    long Id,
    string? PipelineRunId,
    string Task,
    string Notebook,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Status,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Artifacts,
    IReadOnlyDictionary<string, string> InputFingerprints,
    string? CodeVersion,
    string? Error)
{
    /// <summary>1 for the task's first run in its pipeline run's folder; 2, 3, … for reruns there (<c>pipeline --resume</c>).</summary>
    public int Attempt { get; init; } = 1;
}

/// <summary>One recorded pipeline run: its id, date, folder and how it stands.</summary>
public sealed record PipelineRunRecord(string Id, DateOnly RunDate, string Folder, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Status);

/// <summary>One registered model version.</summary>
public sealed record ModelRecord(
    long Version,
    long? RunId,
    string Path,
    IReadOnlyDictionary<string, double> Metrics,
    ModelStage Stage,
    DateTimeOffset CreatedAt,
    bool? GatePassed,
    IReadOnlyList<string> GateReasons)
{
    /// <summary>The model's kind: lightgbm, scorecard, or another ML.NET model id (versions registered before kinds were recorded are lightgbm).</summary>
    public string Kind { get; init; } = Modeling.ModelKinds.LightGbm;
}

/// <summary>One change of a model's stage, with its time and reason.</summary>
public sealed record StageChange(long Version, ModelStage From, ModelStage To, DateTimeOffset ChangedAt, string? Reason);
