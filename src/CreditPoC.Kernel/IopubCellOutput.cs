using System.Text;
using System.Text.Json.Nodes;
using CreditPoC.Kernel.Protocol;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Formatting;

namespace CreditPoC.Kernel;

/// <summary>
/// A cell's outputs as iopub messages with the execute request as parent. Console writes are gathered for up to
/// 50 ms into one <c>stream</c> message (a loop printing characters would otherwise send thousands), and always
/// sent before the next rich output so that the order stays as the cell wrote it.
/// </summary>
internal sealed class IopubCellOutput : ICellOutput, IDisposable
{
    private static readonly TimeSpan StreamDelay = TimeSpan.FromMilliseconds(50);
    private readonly Messenger _messenger;
    private readonly JupyterMessage _parent;
    private readonly object _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly Timer _timer;
    private string? _pendingName;
    private bool _sealed;

    public IopubCellOutput(Messenger messenger, JupyterMessage parent)
    {
        _messenger = messenger;
        _parent = parent;
        _timer = new Timer(_ => { lock (_gate) FlushStream(); });
    }

    public void WriteStream(string text, bool isError)
    {
        var name = isError ? "stderr" : "stdout";
        lock (_gate)
        {
            if (_sealed) return;
            if (_pendingName != name) FlushStream();
            _pendingName = name;
            if (_pending.Length == 0) _timer.Change(StreamDelay, Timeout.InfiniteTimeSpan);
            _pending.Append(text);
        }
    }

    public void AddDisplay(IReadOnlyDictionary<string, string> bundle, string? displayId) =>
        Rich("display_data", new JsonObject { ["data"] = MimeBundle.ToJson(bundle), ["metadata"] = new JsonObject(), ["transient"] = Transient(displayId) });

    public void UpdateDisplay(IReadOnlyDictionary<string, string> bundle, string displayId) =>
        Rich("update_display_data", new JsonObject { ["data"] = MimeBundle.ToJson(bundle), ["metadata"] = new JsonObject(), ["transient"] = Transient(displayId) });

    public void AddExecuteResult(IReadOnlyDictionary<string, string> bundle, int executionCount) =>
        Rich("execute_result", new JsonObject { ["execution_count"] = executionCount, ["data"] = MimeBundle.ToJson(bundle), ["metadata"] = new JsonObject() });

    public void AddError(string ename, string evalue, IReadOnlyList<string> traceback) =>
        Rich("error", new JsonObject
        {
            ["ename"] = ename,
            ["evalue"] = evalue,
            ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
        });

    public void Seal()
    {
        lock (_gate)
        {
            FlushStream();
            _sealed = true;
        }
    }

    public void Dispose() => _timer.Dispose();

    private static JsonObject Transient(string? displayId) => displayId is null ? [] : new JsonObject { ["display_id"] = displayId };

    private void Rich(string type, JsonObject content)
    {
        lock (_gate)
        {
            if (_sealed) return;
            FlushStream();
            _messenger.Publish(type, content, _parent);
        }
    }

    private void FlushStream()
    {
        if (_pending.Length == 0 || _pendingName is null) return;
        _messenger.Publish("stream", new JsonObject { ["name"] = _pendingName, ["text"] = _pending.ToString() }, _parent);
        _pending.Clear();
    }
}
