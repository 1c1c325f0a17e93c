namespace CreditPoC.Tracking;

/// <summary>
/// A notebook's handle on its own run record. Inside a pipeline the runner has already recorded the task (found by
/// the pipeline run id and task name); run on its own (VS Code, <c>creditpoc run</c>) it records itself.
/// </summary>
public sealed class TaskRecord
{
    private TaskRecord(RunStore store, long runId)
    {
        Store = store;
        RunId = runId;
    }

    public RunStore Store { get; }
    public long RunId { get; }

    /// <param name="storePath">The run store file.</param>
    /// <param name="pipelineRunId">The pipeline's run id ({run_id}), or empty when the notebook runs on its own.</param>
    /// <param name="task">The task name ({task}), or the notebook's name when it runs on its own.</param>
    public static TaskRecord Open(string storePath, string pipelineRunId, string task, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var store = new RunStore(storePath);
        if (!string.IsNullOrEmpty(pipelineRunId)
            && store.ListRuns(limit: 1000, pipelineRunId: pipelineRunId).FirstOrDefault(r => r.Task == task) is { } existing)
            return new TaskRecord(store, existing.Id);
        // A pipeline run the store does not know (a runner without a recorder) is not linked rather than refused.
        var link = !string.IsNullOrEmpty(pipelineRunId) && store.HasPipelineRun(pipelineRunId) ? pipelineRunId : null;
        var id = store.StartRun(task, task, parameters ?? new Dictionary<string, string>(), link, codeVersion: Fingerprint.CodeVersion());
        return new TaskRecord(store, id);
    }

    public void Metrics(IReadOnlyDictionary<string, double> metrics) => Store.LogMetrics(RunId, metrics);

    public void Artifacts(IReadOnlyDictionary<string, string> artifacts) =>
        Store.LogArtifacts(RunId, artifacts.ToDictionary(a => a.Key, a => Path.GetFullPath(a.Value)));

    /// <summary>Records the content hash of every input file read.</summary>
    public void Inputs(params string[] paths) => Store.LogInputs(RunId, paths.ToDictionary(Path.GetFullPath, Fingerprint.OfFile));
}
