using CreditPoC.Notebooks.Execution;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Recording;

/// <summary>
/// Records a notebook run outside any pipeline (<c>creditpoc run</c>) in its run store, when the notebook recorded
/// something with <c>record(...)</c>: a run record named after the notebook, with its parameters, status and values.
/// A notebook that records nothing (the PoC notebooks) leaves the store alone.
/// </summary>
public static class StandaloneRunRecorder
{
    /// <returns>The run record's id, or null when the notebook recorded nothing.</returns>
    public static long? Record(RunContext context, NotebookRunOptions options, NotebookRunResult result)
    {
        if (!File.Exists(result.OutputPath)) return null;
        var (values, problem) = RecordedValuesStore.Read(result.OutputPath);
        if (values.IsEmpty && problem is null) return null;
        var store = new RunStore(context.StorePath);
        var task = context.Task.Length > 0 ? context.Task : Path.GetFileNameWithoutExtension(options.InputPath);
        var id = store.StartRun(task, Path.GetFullPath(options.InputPath), options.Parameters, pipelineRunId: null,
            new Dictionary<string, string> { [Path.GetFullPath(options.InputPath)] = Fingerprint.OfFile(options.InputPath) }, Fingerprint.CodeVersion());
        store.LogArtifacts(id, new Dictionary<string, string> { ["notebook"] = Path.GetFullPath(result.OutputPath) });
        RecordedValuesStore.Log(store, id, values);
        store.FinishRun(id, result.Succeeded ? RunStatus.Succeeded : result.Cancelled ? "cancelled" : RunStatus.Failed,
            result.Succeeded ? problem : $"{result.ErrorName}: {result.ErrorMessage}");
        return id;
    }
}
