using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Papermill's execution record, field for field: <c>metadata.papermill</c> on the notebook (parameters, times,
/// exception, paths) and on every cell (status pending/running/completed/failed, times, exception), nbclient's
/// <c>metadata.execution</c> timestamps on executed code cells, and the error banner cells.
/// </summary>
internal static class PapermillRecord
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string ErrorMarkerTag = "papermill-error-cell-tag";

    private const string ErrorStyle = "style=\"color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;\"";

    public static readonly string EngineVersion = "creditpoc " + (typeof(PapermillRecord).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    /// <summary>Papermill's UTC timestamp (<c>datetime.now(timezone.utc).isoformat()</c>).</summary>
    public static string Now(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>nbclient's timestamp (<c>utcnow().isoformat() + 'Z'</c>).</summary>
    public static string NbclientNow(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject NotebookRecord(Notebook notebook)
    {
        if (notebook.Metadata["papermill"] is not JsonObject record)
            notebook.Metadata["papermill"] = record = new JsonObject();
        record.TryAdd("default_parameters", new JsonObject());
        record.TryAdd("parameters", new JsonObject());
        record["environment_variables"] ??= new JsonObject();
        record["version"] = EngineVersion;
        return record;
    }

    /// <summary>Drops the banner cells an earlier failed run left (Papermill's <c>remove_error_markers</c>).</summary>
    public static void RemoveErrorMarkers(Notebook notebook)
    {
        for (var i = notebook.Cells.Count - 1; i >= 0; i--)
            if (notebook.Cells[i].HasTag(ErrorMarkerTag)) notebook.RemoveCellAt(i);
    }

    /// <summary>Papermill's <c>notebook_start</c>: clears counts, outputs and per-cell records.</summary>
    public static void Start(Notebook notebook, DateTime utc)
    {
        var record = NotebookRecord(notebook);
        record["start_time"] = Now(utc);
        record["end_time"] = null;
        record["duration"] = null;
        record["exception"] = null;
        foreach (var cell in notebook.Cells)
        {
            if (cell.Metadata["tags"] is null) cell.Metadata["tags"] = new JsonArray();
            if (cell.IsCode)
            {
                cell.ExecutionCount = null;
                cell.Json["outputs"] = new JsonArray();
            }
            cell.Metadata["papermill"] = new JsonObject
            {
                ["exception"] = null, ["start_time"] = null, ["end_time"] = null, ["duration"] = null, ["status"] = Pending,
            };
        }
    }

    public static void CellStart(NotebookCell cell, DateTime utc)
    {
        var record = CellRecord(cell);
        record["start_time"] = Now(utc);
        record["status"] = Running;
        record["exception"] = false;
    }

    public static void CellEnd(NotebookCell cell, DateTime startUtc, DateTime endUtc, bool failed)
    {
        var record = CellRecord(cell);
        record["end_time"] = Now(endUtc);
        record["duration"] = Seconds(endUtc - startUtc);
        record["status"] = failed ? Failed : Completed;
        if (failed) record["exception"] = true;
    }

    /// <summary>nbclient's <c>metadata.execution</c> timestamps of an executed code cell.</summary>
    public static void ExecutionTimes(NotebookCell cell, DateTime startUtc, DateTime endUtc) =>
        cell.Metadata["execution"] = new JsonObject
        {
            ["iopub.execute_input"] = NbclientNow(startUtc),
            ["iopub.status.busy"] = NbclientNow(startUtc),
            ["iopub.status.idle"] = NbclientNow(endUtc),
            ["shell.execute_reply"] = NbclientNow(endUtc),
        };

    /// <summary>Papermill's <c>notebook_complete</c>: end time, duration, and cells before a failure marked completed.</summary>
    public static void Complete(Notebook notebook, DateTime startUtc, DateTime endUtc, bool failed)
    {
        var record = NotebookRecord(notebook);
        record["end_time"] = Now(endUtc);
        record["duration"] = Seconds(endUtc - startUtc);
        record["exception"] = failed ? true : null;
        foreach (var cell in notebook.Cells)
        {
            var cellRecord = CellRecord(cell);
            var status = (string?)cellRecord["status"];
            if (status == Failed) break;
            if (status == Pending) cellRecord["status"] = Completed;
        }
    }

    /// <summary>
    /// Papermill's banner: a red markdown cell at the top linking to an anchor cell placed just before the failing
    /// cell. Returns the failing cell's new index.
    /// </summary>
    public static int InsertErrorBanner(Notebook notebook, int failedIndex, int? executionCount)
    {
        var message = $"<span {ErrorStyle}>An Exception was encountered at '<a href=\"#papermill-error-cell\">In [{(executionCount?.ToString(CultureInfo.InvariantCulture) ?? "None")}]</a>'.</span>";
        var anchor = $"<span id=\"papermill-error-cell\" {ErrorStyle}>Execution using papermill encountered an exception here and stopped:</span>";
        var anchorCell = NotebookCell.NewMarkdown(anchor, notebook.NewCellId("papermill-error-cell"));
        anchorCell.AddTag(ErrorMarkerTag);
        notebook.InsertCell(failedIndex, anchorCell);
        var bannerCell = NotebookCell.NewMarkdown(message, notebook.NewCellId("papermill-error-banner"));
        bannerCell.AddTag(ErrorMarkerTag);
        notebook.InsertCell(0, bannerCell);
        return failedIndex + 2;
    }

    private static JsonObject CellRecord(NotebookCell cell) => NotebookCell.GetOrAddObject(cell.Metadata, "papermill");

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 6);
}
