using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.Protocol;

/// <summary>Builds, signs and queues the kernel's messages: replies to a request, iopub broadcasts, busy/idle status.</summary>
public sealed class Messenger(KernelSockets sockets, WireCodec codec, string session)
{
    public string Session => session;

    /// <summary>The reply to <paramref name="request"/> on the channel it came by (<c>X_request</c> → <c>X_reply</c>).</summary>
    public void Reply(SocketChannel channel, JupyterMessage request, JsonObject content)
    {
        var type = request.MessageType.EndsWith("_request", StringComparison.Ordinal)
            ? request.MessageType[..^"_request".Length] + "_reply"
            : request.MessageType + "_reply";
        sockets.Send(channel, codec.Encode(JupyterMessage.Create(type, content, session, request)));
    }

    /// <summary>An iopub message whose parent is <paramref name="parent"/>.</summary>
    public void Publish(string type, JsonObject content, JupyterMessage? parent)
    {
        var identity = System.Text.Encoding.UTF8.GetBytes($"kernel.{session}.{type}");
        sockets.Send(SocketChannel.Iopub, codec.Encode(JupyterMessage.Create(type, content, session, parent, [identity])));
    }

    public void Status(string state, JupyterMessage? parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);
}
