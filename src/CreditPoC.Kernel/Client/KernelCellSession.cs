using System.Text.Json.Nodes;
using CreditPoC.Kernel.Protocol;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Formatting;

namespace CreditPoC.Kernel.Client;

/// <summary>
/// A notebook's cells run in a kernel process, as nbclient runs them: each cell is an <c>execute_request</c>, its iopub
/// outputs go to the notebook's <see cref="ICellOutput"/> as they arrive (so the executed notebook, the observer and the
/// records are what the in-process engine gives), and it has ended when its reply and its <c>idle</c> status are in.
/// A kernel that dies fails the cell with its exit code and last words. A cell past its timeout, or a cancelled run,
/// gets its error at once; the kernel is then interrupted and, if the cell does not stop within
/// <see cref="InterruptGrace"/>, killed instead of being left to spin.
/// </summary>
internal sealed class KernelCellSession(KernelProcess kernel, Action? ended = null) : ICellSession
{
    /// <summary>The kernel's own grace for an interrupted cell (1 s), plus the messages' way back.</summary>
    public static readonly TimeSpan InterruptGrace = ExecutionSession.InterruptGrace + TimeSpan.FromSeconds(1);

    /// <summary>How long outputs published just before a kernel died may take to arrive.</summary>
    private static readonly TimeSpan LastWords = TimeSpan.FromMilliseconds(150);

    public int ProcessId => kernel.ProcessId;

    public async Task<CellOutcome> RunCellAsync(CellSubmission cell, ICellOutput output, CancellationToken cancellationToken)
    {
        try
        {
            if (cancellationToken.IsCancellationRequested) return Failed(output, CellError.Cancelled(cell.Label), cancelled: true);
            if (kernel.Exited.IsCompleted) return Failed(output, Dead(cell, await kernel.DescribeDeathAsync(beforeTheCell: true).ConfigureAwait(false)));

            var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var request = kernel.Client.Send(SocketChannel.Shell, "execute_request", new JsonObject
            {
                ["code"] = cell.Source, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(),
                ["allow_stdin"] = false, ["stop_on_error"] = true,
            }, CellMetadata(cell), message => Forward(message, output, cell.ExecutionCount, idle));
            try
            {
                var ended = Task.WhenAll(request.Reply, idle.Task);
                using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var limit = Task.Delay(cell.Timeout ?? Timeout.InfiniteTimeSpan, stopWaiting.Token);
                var finished = await Task.WhenAny(ended, kernel.Exited, limit).ConfigureAwait(false);
                await stopWaiting.CancelAsync().ConfigureAwait(false);

                if (finished == ended) return Ended(await request.Reply.ConfigureAwait(false), cancellationToken);
                if (finished == kernel.Exited)
                {
                    await Task.Delay(LastWords, CancellationToken.None).ConfigureAwait(false);
                    if (cancellationToken.IsCancellationRequested) return Failed(output, CellError.Cancelled(cell.Label), cancelled: true);
                    return Failed(output, Dead(cell, await kernel.DescribeDeathAsync().ConfigureAwait(false)));
                }

                // Past the timeout, or cancelled: the error now, like the in-process engine; what the cell writes later is dropped.
                var cancelled = cancellationToken.IsCancellationRequested;
                var outcome = Failed(output, cancelled ? CellError.Cancelled(cell.Label) : CellError.Timeout(cell.Timeout!.Value, cell.Label), cancelled);
                output.Seal(); // the kernel's own "interrupted" error, and anything after it, is not this cell's record
                await StopAsync(ended, request.Reply).ConfigureAwait(false);
                return outcome;
            }
            finally
            {
                kernel.Client.StopListening(request.MessageId);
            }
        }
        finally
        {
            output.Seal();
        }
    }

    /// <summary>
    /// Interrupts the cell; kills the kernel when the cell does not stop within the grace or the kernel says it could
    /// not stop it (a busy loop). The run ends after this cell, so no new kernel is needed.
    /// </summary>
    private async Task StopAsync(Task ended, Task<JupyterMessage> reply)
    {
        kernel.Client.Send(SocketChannel.Control, "interrupt_request", []);
        var stopped = await Task.WhenAny(ended, kernel.Exited, Task.Delay(InterruptGrace)).ConfigureAwait(false) == ended;
        if (!stopped || KernelCellMetadata.Abandoned(reply.Result)) kernel.Kill();
    }

    private static CellOutcome Ended(JupyterMessage reply, CancellationToken cancellationToken)
    {
        var content = reply.Content;
        if ((string?)content["status"] == "ok") return new CellOutcome(null, false, false);
        var traceback = content["traceback"] is JsonArray lines ? lines.Select(l => (string?)l ?? "").ToList() : [];
        // The kernel wrote the error output already (iopub); the reply says what it was.
        var error = new CellError((string?)content["ename"] ?? "Error", (string?)content["evalue"] ?? "", traceback);
        return new CellOutcome(error, Cancelled: cancellationToken.IsCancellationRequested, Abandoned: false);
    }

    private static CellError Dead(CellSubmission cell, string message) =>
        new("DeadKernelError", message, [$"Cell {cell.Label}", $"DeadKernelError: {message}"]);

    private static CellOutcome Failed(ICellOutput output, CellError error, bool cancelled = false)
    {
        output.AddError(error.Name, error.Value, error.Traceback);
        return new CellOutcome(error, cancelled, false);
    }

    /// <summary>How the cell is named in messages and which Polyglot kernel it names: what the in-process engine uses.</summary>
    private static JsonObject CellMetadata(CellSubmission cell)
    {
        var creditpoc = new JsonObject { ["label"] = cell.Label, ["cell_label"] = cell.CellLabel };
        if (cell.Kernel is not null) creditpoc["kernel"] = cell.Kernel;
        return new JsonObject { [KernelCellMetadata.Key] = creditpoc };
    }

    private static void Forward(JupyterMessage message, ICellOutput output, int executionCount, TaskCompletionSource idle)
    {
        var content = message.Content;
        var displayId = content["transient"] is JsonObject transient ? (string?)transient["display_id"] : null;
        switch (message.MessageType)
        {
            case "stream":
                output.WriteStream((string?)content["text"] ?? "", (string?)content["name"] == "stderr");
                break;
            case "display_data":
                output.AddDisplay(MimeBundle.FromJson(content["data"] as JsonObject), displayId);
                break;
            case "update_display_data" when displayId is not null:
                output.UpdateDisplay(MimeBundle.FromJson(content["data"] as JsonObject), displayId);
                break;
            case "execute_result":
                output.AddExecuteResult(MimeBundle.FromJson(content["data"] as JsonObject), executionCount);
                break;
            case "error":
                var traceback = content["traceback"] is JsonArray lines ? lines.Select(l => (string?)l ?? "").ToList() : [];
                output.AddError((string?)content["ename"] ?? "Error", (string?)content["evalue"] ?? "", traceback);
                break;
            case "status" when (string?)content["execution_state"] == "idle":
                idle.TrySetResult();
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await kernel.DisposeAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref ended, null) is { } done) done();
    }
}
