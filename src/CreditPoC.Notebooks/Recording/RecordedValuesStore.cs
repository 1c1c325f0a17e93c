using CreditPoC.Notebooks.Ipynb;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Recording;

/// <summary>Moves what an executed notebook recorded into a run record of the run store.</summary>
public static class RecordedValuesStore
{
    /// <summary>
    /// Reads the values recorded in the executed notebook at <paramref name="notebookPath"/> and logs them on run
    /// <paramref name="runId"/>. Returns a problem to report, or null when all went in.
    /// </summary>
    public static string? LogFromNotebook(RunStore store, long runId, string notebookPath)
    {
        var (values, problem) = Read(notebookPath);
        Log(store, runId, values);
        return problem;
    }

    /// <summary>The values recorded in an executed notebook, or none and the problem that kept them from being read.</summary>
    public static (RecordedValues Values, string? Problem) Read(string notebookPath)
    {
        try
        {
            return (RecordedValues.ReadFrom(Notebook.Load(notebookPath)), null);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or UserFacingException or IOException)
        {
            return (RecordedValues.Empty, $"the values recorded in {notebookPath} could not be read: {e.Message}");
        }
    }

    public static void Log(RunStore store, long runId, RecordedValues values)
    {
        if (values.Metrics.Count > 0) store.LogMetrics(runId, values.Metrics);
        if (values.Inputs.Count > 0) store.LogInputs(runId, values.Inputs);
        if (values.Artifacts.Count > 0) store.LogArtifacts(runId, values.Artifacts);
    }
}
