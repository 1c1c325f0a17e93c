using CreditPoC.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace CreditPoC.Kernel.Client;

/// <summary>
/// A Jupyter client's ZeroMQ sockets, connected to a kernel's connection file: shell and control as DEALER, iopub as
/// SUB (everything). The mirror of <see cref="KernelSockets"/>: one poller thread owns them all, hands received frames
/// to the callback and sends what any thread queued, in order. Messages queued before the kernel has bound its ports
/// wait in ZeroMQ's pipes until it has.
/// </summary>
internal sealed class ClientSockets : IDisposable
{
    private readonly DealerSocket _shell = new();
    private readonly DealerSocket _control = new();
    private readonly SubscriberSocket _iopub = new();
    private readonly NetMQQueue<(SocketChannel Channel, List<byte[]> Frames)> _outbox = new();
    private readonly NetMQPoller _poller;

    public ClientSockets(ConnectionInfo connection, Action<SocketChannel, List<byte[]>> received)
    {
        foreach (var socket in new NetMQSocket[] { _shell, _control, _iopub }) socket.Options.Linger = TimeSpan.Zero;
        _shell.Connect(connection.Endpoint(connection.ShellPort));
        _control.Connect(connection.Endpoint(connection.ControlPort));
        _iopub.Subscribe("");
        _iopub.Connect(connection.Endpoint(connection.IopubPort));
        _shell.ReceiveReady += (_, e) => Drain(e.Socket, SocketChannel.Shell, received);
        _control.ReceiveReady += (_, e) => Drain(e.Socket, SocketChannel.Control, received);
        _iopub.ReceiveReady += (_, e) => Drain(e.Socket, SocketChannel.Iopub, received);
        _outbox.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero))
                (item.Channel == SocketChannel.Control ? _control : _shell).SendMultipartBytes(item.Frames);
        };
        _poller = [_shell, _control, _iopub, _outbox];
        _poller.RunAsync("kernel client sockets");
    }

    /// <summary>Queues frames for the shell or control channel; safe from any thread.</summary>
    public void Send(SocketChannel channel, List<byte[]> frames) => _outbox.Enqueue((channel, frames));

    private static void Drain(NetMQSocket socket, SocketChannel channel, Action<SocketChannel, List<byte[]>> received)
    {
        while (true)
        {
            var frames = new List<byte[]>();
            if (!socket.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames)) return;
            received(channel, frames);
        }
    }

    public void Dispose()
    {
        if (_poller.IsRunning) _poller.Stop();
        _poller.Dispose();
        _outbox.Dispose();
        foreach (var socket in new NetMQSocket[] { _shell, _control, _iopub }) socket.Dispose();
    }
}
