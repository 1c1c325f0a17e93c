using CreditPoC.Notebooks.Recording;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>
/// Records what a <see cref="PipelineRunner"/> does in the run store: the pipeline run, and for each task its
/// parameters, times, status, the notebook's content hash, the code version, the executed notebook and HTML, and
/// what the notebook recorded with <c>record(...)</c> (read from the executed notebook).
/// Runs left "running" by a killed process are marked failed when the next run starts. A rerun of tasks in an
/// earlier run's folder (<c>--resume</c>) adds each task's new attempt to that pipeline run.
/// </summary>
public sealed class PipelineRecorder
{
    private readonly RunStore _store;
    private readonly string? _codeVersion = Fingerprint.CodeVersion();
    private readonly Dictionary<(string RunId, string Task), long> _runIds = [];

    public PipelineRecorder(RunStore store, PipelineRunner runner)
    {
        _store = store;
        runner.RunStarted += OnRunStarted;
        runner.TaskStarted += OnTaskStarted;
        runner.TaskFinished += OnTaskFinished;
        runner.RunFinished += OnRunFinished;
    }

    private void OnRunStarted(PipelineRunInfo run)
    {
        SummaryRepair.RepairAbandoned(_store);
        if (run.Resumed) _store.ResumePipelineRun(run.RunId);
        else _store.StartPipelineRun(run.RunId, run.Date, run.RunDirectory, _codeVersion);
    }

    /// <summary>
    /// A first run ends with its own status. After a rerun the pipeline run stands as the newest attempts of all its
    /// tasks do: succeeded when each succeeded, else failed (or cancelled).
    /// </summary>
    private void OnRunFinished(PipelineRunSummary summary)
    {
        var status = summary.Status;
        if (summary.Run.Resumed)
        {
            var latest = _store.LatestAttempts(summary.Run.RunId).Values.Select(r => r.Status).ToList();
            status = latest.All(s => s == RunStatus.Succeeded) ? RunStatus.Succeeded
                : latest.Any(s => s is RunStatus.Failed or RunStatus.Skipped) ? RunStatus.Failed
                : "cancelled";
        }
        _store.FinishPipelineRun(summary.Run.RunId, status);
    }

    private void OnTaskStarted(PipelineTaskStart start) =>
        _runIds[(start.Run.RunId, start.Task.Name)] = _store.StartRun(start.Task.Name, start.Task.Notebook, start.Parameters,
            start.Run.RunId, new Dictionary<string, string> { [start.Task.Notebook] = Fingerprint.OfFile(start.Task.Notebook) }, _codeVersion, start.Attempt);

    private void OnTaskFinished(PipelineRunInfo run, PipelineTaskResult result)
    {
        if (!_runIds.Remove((run.RunId, result.Task), out var id))  // skipped or cancelled before it started
            id = _store.StartRun(result.Task, result.Input, result.Parameters, run.RunId, codeVersion: _codeVersion, attempt: result.Attempt);
        var artifacts = new Dictionary<string, string>();
        if (result.Output is { } notebook) artifacts["notebook"] = notebook;
        if (result.Html is { } html) artifacts["html"] = html;
        if (artifacts.Count > 0) _store.LogArtifacts(id, artifacts);
        var problem = result.Output is { } executed ? RecordedValuesStore.LogFromNotebook(_store, id, executed) : null;
        _store.FinishRun(id, result.Status switch
        {
            PipelineTaskStatus.Succeeded => RunStatus.Succeeded,
            PipelineTaskStatus.Skipped => RunStatus.Skipped,
            PipelineTaskStatus.Cancelled => "cancelled",
            _ => RunStatus.Failed,
        }, problem is null ? result.Error : result.Error is null ? problem : $"{result.Error}; {problem}");
    }
}
