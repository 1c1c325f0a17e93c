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
        RecordedValues values;
        try
        {
            values = RecordedValues.ReadFrom(Notebook.Load(notebookPath));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or UserFacingException or IOException)
        {
            return $"the values recorded in {notebookPath} could not be read: {e.Message}";
        }
        if (values.Metrics.Count > 0) store.LogMetrics(runId, values.Metrics);
        if (values.Inputs.Count > 0) store.LogInputs(runId, values.Inputs);
        if (values.Artifacts.Count > 0) store.LogArtifacts(runId, values.Artifacts);
        return null;
    }
}
