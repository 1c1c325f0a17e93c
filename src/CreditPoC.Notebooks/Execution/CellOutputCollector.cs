using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Formatting;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Collects one cell's outputs into the notebook in Jupyter's shapes, in the order they happen: consecutive
/// writes to the same stream merge into one <c>stream</c> output, <c>display_data</c>, <c>execute_result</c> and
/// <c>error</c>. A display updated by id is replaced where it was shown (<paramref name="displays"/> is shared by
/// the cells of one run). Thread-safe: a cell may write from several threads.
/// </summary>
internal sealed class CellOutputCollector(JsonArray outputs, INotebookRunObserver? observer, Dictionary<string, JsonObject>? displays = null) : ICellOutput
{
    private readonly object _gate = new();
    private bool _sealed;

    public void WriteStream(string text, bool isError)
    {
        var name = isError ? "stderr" : "stdout";
        lock (_gate)
        {
            if (_sealed) return;
            if (outputs.Count > 0 && outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
                last["text"] = (string?)last["text"] + text;
            else
                outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        }
        Notify(text, isError);
    }

    public void AddDisplay(IReadOnlyDictionary<string, string> bundle, string? displayId) => AddRich("display_data", bundle, null, displayId);

    public void UpdateDisplay(IReadOnlyDictionary<string, string> bundle, string displayId)
    {
        if (displays is null) return;
        lock (displays)
        {
            if (displays.TryGetValue(displayId, out var shown)) shown["data"] = Data(bundle);
        }
    }

    public void AddExecuteResult(IReadOnlyDictionary<string, string> bundle, int executionCount) => AddRich("execute_result", bundle, executionCount, null);

    public void AddError(string ename, string evalue, IReadOnlyList<string> traceback)
    {
        lock (_gate)
        {
            if (_sealed) return;
            outputs.Add(new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = ename,
                ["evalue"] = evalue,
                ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
            });
        }
        Notify(string.Join("\n", traceback) + "\n", true);
    }

    public void Seal()
    {
        lock (_gate) _sealed = true;
    }

    private void AddRich(string outputType, IReadOnlyDictionary<string, string> bundle, int? executionCount, string? displayId)
    {
        var output = new JsonObject { ["output_type"] = outputType, ["data"] = Data(bundle), ["metadata"] = new JsonObject() };
        if (executionCount is not null) output["execution_count"] = executionCount;
        lock (_gate)
        {
            if (_sealed) return;
            outputs.Add(output);
        }
        if (displayId is not null && displays is not null)
            lock (displays) displays[displayId] = output;
        if (bundle.TryGetValue(Formatter.PlainText, out var plain)) Notify(plain + "\n", false);
    }

    private static JsonObject Data(IReadOnlyDictionary<string, string> bundle) => MimeBundle.ToJson(bundle);

    private void Notify(string text, bool isError)
    {
        if (observer is not null) ConsoleRouter.Uncaptured(() => observer.CellOutput(text, isError));
    }
}
