using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CreditPoC.Kernel.Protocol;

namespace CreditPoC.Kernel.Client;

/// <summary>
/// The engine's end of the Jupyter protocol, as jupyter_client is Papermill's: signed requests on shell and control
/// (the kernel's own <see cref="WireCodec"/>), their replies matched by <c>msg_id</c>, and iopub messages handed to
/// whoever listens for their parent request. A message that fails its signature or does not parse is dropped.
/// </summary>
internal sealed class KernelClient : IDisposable
{
    private readonly WireCodec _codec;
    private readonly ClientSockets _sockets;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JupyterMessage>> _replies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Action<JupyterMessage>> _listeners = new(StringComparer.Ordinal);

    public KernelClient(ConnectionInfo connection)
    {
        _codec = new WireCodec(new MessageSigner(connection.Key));
        _sockets = new ClientSockets(connection, OnReceived);
    }

    /// <summary>A request sent; <see cref="Request.Reply"/> completes with the kernel's reply.</summary>
    public sealed record Request(string MessageId, Task<JupyterMessage> Reply);

    /// <summary>
    /// Sends <paramref name="type"/> with <paramref name="content"/>; <paramref name="iopub"/> receives the iopub messages
    /// it causes (from the poller thread, in order) until <see cref="StopListening"/>.
    /// </summary>
    public Request Send(SocketChannel channel, string type, JsonObject content, JsonObject? metadata = null, Action<JupyterMessage>? iopub = null)
    {
        var message = JupyterMessage.Create(type, content, _session, null, [], username: "creditpoc") with { Metadata = metadata ?? [] };
        var reply = new TaskCompletionSource<JupyterMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[message.MessageId] = reply;
        if (iopub is not null) _listeners[message.MessageId] = iopub;
        _sockets.Send(channel, _codec.Encode(message));
        return new Request(message.MessageId, reply.Task);
    }

    public void StopListening(string messageId)
    {
        _listeners.TryRemove(messageId, out _);
        _replies.TryRemove(messageId, out _);
    }

    /// <summary>
    /// Waits until the kernel answers on shell and its iopub reaches us: kernel_info requests are repeated until one's
    /// status message arrives on iopub (a subscriber misses what is published before it has connected).
    /// </summary>
    public async Task WaitReadyAsync(Task died, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new List<string>();
        try
        {
            while (!seen.Task.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (died.IsCompleted) return;
                sent.Add(Send(SocketChannel.Shell, "kernel_info_request", [], iopub: _ => seen.TrySetResult()).MessageId);
                await Task.WhenAny(seen.Task, died, Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken)).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var id in sent) StopListening(id);
        }
    }

    private void OnReceived(SocketChannel channel, List<byte[]> frames)
    {
        JupyterMessage message;
        try
        {
            message = _codec.Decode(frames);
        }
        catch (BadMessageException)
        {
            return; // not signed with this kernel's key, or not a Jupyter message
        }
        var parent = (string?)message.ParentHeader["msg_id"] ?? "";
        if (channel == SocketChannel.Iopub)
        {
            if (_listeners.TryGetValue(parent, out var listener)) listener(message);
        }
        else if (_replies.TryRemove(parent, out var reply))
        {
            reply.TrySetResult(message);
        }
    }

    public void Dispose() => _sockets.Dispose();
}
