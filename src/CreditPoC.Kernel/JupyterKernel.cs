using System.Text.Json.Nodes;
using System.Threading.Channels;
using CreditPoC.Kernel.Language;
using CreditPoC.Kernel.Protocol;
using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Kernel;

/// <summary>
/// A Jupyter kernel for C# over <see cref="ExecutionSession"/>: shell requests are handled one at a time in
/// arrival order on a worker of their own, control requests (interrupt, shutdown) at once, so an interrupt reaches
/// a running cell. Every request is wrapped in <c>status: busy</c> and <c>status: idle</c> with it as parent. A
/// message that fails its signature or does not parse is logged and dropped.
/// </summary>
public sealed class JupyterKernel : IDisposable
{
    private readonly KernelLog _log;
    private readonly WireCodec _codec;
    private readonly KernelSockets _sockets;
    private readonly Messenger _messenger;
    private readonly Channel<JupyterMessage> _shellQueue = Channel.CreateUnbounded<JupyterMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<bool> _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ExecutionSession _session;
    private CSharpLanguageService _language;
    /// <summary>Set to 1 by the engine for a kernel it starts before it is needed.</summary>
    public const string RehearseVariable = "CREDITPOC_KERNEL_REHEARSE";

    private static readonly TimeSpan AbortWindow = TimeSpan.FromMilliseconds(100);
    private readonly object _gate = new();
    private CancellationTokenSource? _running;
    private readonly CancellationTokenSource _rehearsal = new();
    private int _executionCount;

    public JupyterKernel(ConnectionInfo connection, KernelLog log, string workingDirectory)
    {
        _log = log;
        _codec = new WireCodec(new MessageSigner(connection.Key));
        _sockets = new KernelSockets(connection, OnReceived);
        _messenger = new Messenger(_sockets, _codec, Guid.NewGuid().ToString("N"));
        _session = new ExecutionSession(workingDirectory) { CancelledMessage = "the cell was interrupted" };
        _language = new CSharpLanguageService(_session);
    }

    /// <summary>Serves until a shutdown request; returns whether the client asked for a restart.</summary>
    public async Task<bool> RunAsync()
    {
        _sockets.Start();
        // Roslyn's start-up (about a second of JIT) runs on the other core while the client connects and asks for
        // kernel_info, so that the first cell, which clients send right after, finds it mostly done.
        // A kernel the engine starts in advance (a warm spare, CREDITPOC_KERNEL_REHEARSE=1) has time to spare: it
        // rehearses a few representative cells and the project's trial, so that the notebook it will serve finds them compiled.
        _ = Environment.GetEnvironmentVariable(RehearseVariable) == "1" ? RehearseAsync() : ExecutionSession.WarmUpAsync();
        _messenger.Status("starting", null);
        _ = Task.Run(ServeShellAsync);
        var restart = await _shutdown.Task.ConfigureAwait(false);
        _shellQueue.Writer.TryComplete();
        _sockets.Flush(TimeSpan.FromSeconds(2));
        return restart;
    }

    private async Task RehearseAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var library = await Rehearsal.RunAsync(Environment.GetEnvironmentVariable(Rehearsal.ProjectVariable), _rehearsal.Token).ConfigureAwait(false);
        _log.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Rehearsal.EndedLogLine} after {clock.Elapsed.TotalSeconds:F1} s{(library is null ? "" : ": " + library)}"));
    }

    private void OnReceived(SocketChannel channel, List<byte[]> frames)
    {
        JupyterMessage message;
        try
        {
            message = _codec.Decode(frames);
        }
        catch (BadMessageException e)
        {
            _log.Write($"dropped a message on {channel.ToString().ToLowerInvariant()}: {e.Message}");
            return;
        }
        if (channel == SocketChannel.Control) _ = Task.Run(() => Handle(SocketChannel.Control, message));
        else if (channel == SocketChannel.Shell) _shellQueue.Writer.TryWrite(message);
        else _log.Write($"ignored {message.MessageType} on stdin (this kernel does not ask for input)");
    }

    private async Task ServeShellAsync()
    {
        await foreach (var message in _shellQueue.Reader.ReadAllAsync().ConfigureAwait(false))
            await Handle(SocketChannel.Shell, message).ConfigureAwait(false);
    }

    private async Task Handle(SocketChannel channel, JupyterMessage request)
    {
        _messenger.Status("busy", request);
        try
        {
            var content = request.Content;
            switch (request.MessageType)
            {
                case "kernel_info_request":
                    _messenger.Reply(channel, request, KernelIdentity.KernelInfo());
                    break;
                case "execute_request":
                    _rehearsal.Cancel(); // the notebook is here: the rehearsal leaves the cores to it
                    await ExecuteAsync(channel, request).ConfigureAwait(false);
                    break;
                case KernelCellMetadata.NotebookRequest:
                    _rehearsal.Cancel();
                    _messenger.Reply(channel, request, ServeNotebook(content));
                    break;
                case "is_complete_request":
                    _messenger.Reply(channel, request, _language.IsComplete((string?)content["code"] ?? ""));
                    break;
                case "complete_request":
                    _messenger.Reply(channel, request, await _language.CompleteAsync((string?)content["code"] ?? "", Int(content, "cursor_pos")).ConfigureAwait(false));
                    break;
                case "inspect_request":
                    _messenger.Reply(channel, request, await _language.InspectAsync((string?)content["code"] ?? "", Int(content, "cursor_pos")).ConfigureAwait(false));
                    break;
                case "comm_info_request":
                    _messenger.Reply(channel, request, new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                    break;
                case "history_request":
                    _messenger.Reply(channel, request, new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                    break;
                case "interrupt_request":
                    Interrupt();
                    _messenger.Reply(channel, request, new JsonObject { ["status"] = "ok" });
                    break;
                case "shutdown_request":
                    var restart = (bool?)content["restart"] ?? false;
                    Interrupt();
                    _messenger.Reply(channel, request, new JsonObject { ["status"] = "ok", ["restart"] = restart });
                    _messenger.Status("idle", request);
                    _log.Write(restart ? "restart requested: exiting so the client starts a new kernel" : "shutdown requested");
                    _shutdown.TrySetResult(restart);
                    return;
                default:
                    _log.Write($"unsupported message type {request.MessageType}; replied with an error");
                    _messenger.Reply(channel, request, new JsonObject
                    {
                        ["status"] = "error",
                        ["ename"] = "NotImplementedError",
                        ["evalue"] = $"this kernel does not handle {request.MessageType}",
                        ["traceback"] = new JsonArray(),
                    });
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in a handler must not take the kernel down: answer with the error and carry on.
            _log.Write($"{request.MessageType} failed: {e}");
            _messenger.Reply(channel, request, new JsonObject
            {
                ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
            });
        }
        _messenger.Status("idle", request);
    }

    private async Task ExecuteAsync(SocketChannel channel, JupyterMessage request)
    {
        var content = request.Content;
        var code = (string?)content["code"] ?? "";
        var silent = (bool?)content["silent"] ?? false;
        var storeHistory = !silent && ((bool?)content["store_history"] ?? true);
        var stopOnError = (bool?)content["stop_on_error"] ?? true;
        if (storeHistory) _executionCount++;
        var count = Math.Max(_executionCount, 1);
        if (!silent) _messenger.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = _executionCount }, request);

        CellOutcome outcome;
        using var interrupt = new CancellationTokenSource();
        lock (_gate) _running = interrupt;
        using (var iopub = new IopubCellOutput(_messenger, request))
        {
            ICellOutput output = silent ? new NullCellOutput() : iopub;
            try
            {
                code = PapermillParameters.Retype(code, _session.History.Code);
                outcome = await _session.RunCellAsync(KernelCellMetadata.Submission(request, code, count), output, interrupt.Token).ConfigureAwait(false);
            }
            catch (UserFacingException e)
            {
                var problem = new CellError("ParameterError", e.Message, [$"Cell In[{count}]", $"ParameterError: {e.Message}"]);
                output.AddError(problem.Name, problem.Value, problem.Traceback);
                outcome = new CellOutcome(problem, false, false);
            }
        }
        lock (_gate) _running = null;

        if (outcome.Abandoned)
            _messenger.Publish("stream", new JsonObject
            {
                ["name"] = "stderr",
                ["text"] = $"The cell did not stop within {ExecutionSession.InterruptGrace.TotalSeconds:0} s of the interrupt: it runs code that does not observe the kernel's cancellation. " +
                           "It goes on in the background and its output is dropped; restart the kernel to stop it.\n",
            }, request);

        if (outcome.Error is { } error)
        {
            _messenger.Reply(channel, request, new JsonObject
            {
                ["status"] = "error",
                ["execution_count"] = _executionCount,
                ["ename"] = error.Name,
                ["evalue"] = error.Value,
                ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)t).ToArray()),
                ["abandoned"] = outcome.Abandoned,
            });
            if (stopOnError) await AbortQueuedExecutionsAsync().ConfigureAwait(false);
            return;
        }
        _messenger.Reply(channel, request, new JsonObject
        {
            ["status"] = "ok", ["execution_count"] = _executionCount, ["payload"] = new JsonArray(), ["user_expressions"] = new JsonObject(),
        });
    }

    /// <summary>
    /// After an error with <c>stop_on_error</c>, execute requests already sent are answered "aborted" and not run.
    /// "Already sent" is those that arrive until the queue has stayed empty for <see cref="AbortWindow"/>: a request
    /// may still be on its way from the socket, and no client sends the next cell that fast after seeing the error.
    /// </summary>
    private async Task AbortQueuedExecutionsAsync()
    {
        var keep = new List<JupyterMessage>();
        while (true)
        {
            if (!_shellQueue.Reader.TryRead(out var queued))
            {
                using var quiet = new CancellationTokenSource(AbortWindow);
                try
                {
                    if (await _shellQueue.Reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false)) continue;
                }
                catch (OperationCanceledException)
                {
                    // the queue stayed empty: the requests sent before the error have all been seen
                }
                break;
            }
            if (queued.MessageType != "execute_request")
            {
                keep.Add(queued);
                continue;
            }
            _messenger.Status("busy", queued);
            _messenger.Reply(SocketChannel.Shell, queued, new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount });
            _messenger.Status("idle", queued);
        }
        foreach (var message in keep) await Handle(SocketChannel.Shell, message).ConfigureAwait(false);
    }

    /// <summary>
    /// The notebook engine's <c>creditpoc_notebook_request</c> (<see cref="KernelCellMetadata"/>): before any cell has run,
    /// this kernel serves the given notebook: its folder for <c>#r</c> paths, its default Polyglot kernel, the working
    /// directory and the run context variables.
    /// </summary>
    private JsonObject ServeNotebook(JsonObject content)
    {
        JsonObject Error(string message) => new() { ["status"] = "error", ["ename"] = "NotebookSetupError", ["evalue"] = message, ["traceback"] = new JsonArray() };
        if (_executionCount > 0) return Error("cells have run in this kernel already; a notebook is served by a fresh kernel");
        var notebookDirectory = (string?)content["notebook_directory"];
        var workingDirectory = (string?)content["working_directory"];
        if (notebookDirectory is null || workingDirectory is null) return Error("notebook_directory and working_directory are required");
        if (!Directory.Exists(workingDirectory)) return Error($"the working directory {workingDirectory} does not exist");
        Environment.CurrentDirectory = workingDirectory;
        foreach (var (name, value) in content["environment"] as JsonObject ?? [])
            Environment.SetEnvironmentVariable(name, (string?)value);
        _session = new ExecutionSession(notebookDirectory, (string?)content["default_kernel"] ?? Notebooks.Ipynb.PolyglotNotebook.KernelName)
        {
            CancelledMessage = "the cell was interrupted",
        };
        _language = new CSharpLanguageService(_session);
        _log.Write($"serving a notebook in {notebookDirectory}; cells run in {workingDirectory}");
        return new JsonObject { ["status"] = "ok" };
    }

    /// <summary>Interrupts the running cell, if any (an interrupt request, or SIGINT as ipykernel takes it).</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            if (_running is null) return;
            _log.Write("interrupting the running cell");
            _running.Cancel();
        }
    }

    private static int Int(JsonObject content, string name) => content[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : 0;

    public void Dispose() => _sockets.Dispose();
}
