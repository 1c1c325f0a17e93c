using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC.IO;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>How a task ended. A task whose dependency did not succeed is skipped; one never started because the run was cancelled is cancelled.</summary>
public enum PipelineTaskStatus { Succeeded, Failed, Skipped, Cancelled }

/// <summary>One pipeline run: which file, which date, which folder.</summary>
/// <param name="Attempt">1 for the run that made the folder; 2, 3, … for each later rerun of some of its tasks in it (<c>--resume</c>).</param>
public sealed record PipelineRunInfo(string PipelineFile, DateOnly Date, string RunId, string RunDirectory, DateTimeOffset Start, int Attempt = 1)
{
    /// <summary>True when this is a rerun of tasks in an earlier run's folder.</summary>
    public bool Resumed => Attempt > 1;
}

/// <summary>A task about to run, with its parameters filled in (placeholders replaced, <c>-p</c> values applied).</summary>
/// <param name="Attempt">1 for the task's first run in the folder; 2, 3, … for a rerun.</param>
public sealed record PipelineTaskStart(PipelineRunInfo Run, PipelineTask Task, IReadOnlyDictionary<string, string> Parameters, string OutputPath, DateTimeOffset Start, int Attempt = 1);

/// <summary>How one task of a run ended, with the paths of what it wrote.</summary>
public sealed record PipelineTaskResult
{
    public required string Task { get; init; }
    public required PipelineTaskStatus Status { get; init; }
    /// <summary>The input notebook's full path.</summary>
    public required string Input { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public TimeSpan? Duration => End - Start;
    /// <summary>The executed notebook, when one was written.</summary>
    public string? Output { get; init; }
    /// <summary>The rendered page, when one was written.</summary>
    public string? Html { get; init; }
    /// <summary>Why the task failed, was skipped or cancelled; null when it succeeded.</summary>
    public string? Error { get; init; }
    /// <summary>Warnings of the notebook runner, such as undeclared parameters.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>1 for the task's first run in the run folder; 2, 3, … for reruns (<c>--resume</c>), whose files carry the number.</summary>
    public int Attempt { get; init; } = 1;
}

/// <summary>
/// The record of a whole run, written as <c>summary.json</c> in the run folder; a rerun of some of its tasks there
/// (<c>--resume</c>) writes <c>summary.N.json</c> for its attempt N and leaves the earlier summaries as they were.
/// </summary>
public sealed record PipelineRunSummary(PipelineRunInfo Run, DateTimeOffset? End, IReadOnlyList<PipelineTaskResult> Tasks)
{
    /// <summary>succeeded, failed (some task failed or was skipped), cancelled, or running while the run goes on.</summary>
    public string Status => End is null ? "running"
        : Tasks.Any(t => t.Status is PipelineTaskStatus.Failed or PipelineTaskStatus.Skipped) ? "failed"
        : Tasks.Any(t => t.Status == PipelineTaskStatus.Cancelled) ? "cancelled"
        : "succeeded";

    public bool Succeeded => Status == "succeeded";

    public string SummaryPath => Path.Combine(Run.RunDirectory, FileName(Run.Attempt));

    /// <summary>The summary of a run's attempt: <c>summary.json</c> for the first, <c>summary.N.json</c> for a rerun.</summary>
    public static string FileName(int attempt) =>
        attempt <= 1 ? "summary.json" : $"summary.{attempt.ToString(CultureInfo.InvariantCulture)}.json";

    /// <summary>Writes <c>summary.json</c> atomically (snake_case keys, times in ISO 8601 UTC, durations in seconds).</summary>
    public void Write() => AtomicFile.WriteAllText(SummaryPath, ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    public JsonObject ToJson() => new()
    {
        ["pipeline"] = Run.PipelineFile,
        ["date"] = Run.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["run_id"] = Run.RunId,
        ["run_dir"] = Run.RunDirectory,
        ["attempt"] = Run.Attempt,
        ["status"] = Status,
        ["start"] = Time(Run.Start),
        ["end"] = Time(End),
        ["duration"] = End is { } end ? Math.Round((end - Run.Start).TotalSeconds, 3) : null,
        ["tasks"] = new JsonArray(Tasks.Select(TaskJson).ToArray<JsonNode?>()),
    };

    private static JsonObject TaskJson(PipelineTaskResult t) => new()
    {
        ["task"] = t.Task,
        ["attempt"] = t.Attempt,
        ["status"] = t.Status.ToString().ToLowerInvariant(),
        ["start"] = Time(t.Start),
        ["end"] = Time(t.End),
        ["duration"] = t.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : null,
        ["input"] = t.Input,
        ["output"] = t.Output,
        ["html"] = t.Html,
        ["parameters"] = new JsonObject(t.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["error"] = t.Error,
        ["warnings"] = new JsonArray(t.Warnings.Select(w => (JsonNode?)w).ToArray()),
    };

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
