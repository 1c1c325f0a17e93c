using NetMQ;
using NetMQ.Sockets;

namespace CreditPoC.Kernel.Protocol;

/// <summary>Which socket a message arrived on or leaves by.</summary>
public enum SocketChannel { Shell, Control, Stdin, Iopub }

/// <summary>
/// The kernel's ZeroMQ sockets, bound to the connection file's ip and ports: shell, control and stdin as ROUTER,
/// iopub as PUB, heartbeat as REP. One poller thread owns them all (ZeroMQ sockets are not thread-safe): it hands
/// received frames to <see cref="Received"/> and sends what any thread queued with <see cref="Send"/>, in order.
/// The heartbeat echoes on a thread of its own, so a busy kernel still answers it.
/// </summary>
public sealed class KernelSockets : IDisposable
{
    private readonly RouterSocket _shell = new();
    private readonly RouterSocket _control = new();
    private readonly RouterSocket _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly ResponseSocket _heartbeat = new();
    private readonly NetMQQueue<(SocketChannel Channel, List<byte[]> Frames)> _outbox = new();
    private readonly NetMQPoller _poller;
    private readonly Thread _heartbeatThread;
    private volatile bool _stopping;

    /// <summary>Binds every socket; a port in use is a <see cref="UserFacingException"/> naming it.</summary>
    public KernelSockets(ConnectionInfo connection, Action<SocketChannel, List<byte[]>> received)
    {
        try
        {
            Bind(_shell, connection, connection.ShellPort, "shell_port");
            Bind(_control, connection, connection.ControlPort, "control_port");
            Bind(_stdin, connection, connection.StdinPort, "stdin_port");
            Bind(_iopub, connection, connection.IopubPort, "iopub_port");
            Bind(_heartbeat, connection, connection.HeartbeatPort, "hb_port");
        }
        catch
        {
            DisposeSockets();
            throw;
        }
        _shell.ReceiveReady += (_, e) => Drain(e.Socket, SocketChannel.Shell, received);
        _control.ReceiveReady += (_, e) => Drain(e.Socket, SocketChannel.Control, received);
        _stdin.ReceiveReady += (_, e) => Drain(e.Socket, SocketChannel.Stdin, received);
        _outbox.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero)) SocketOf(item.Channel).SendMultipartBytes(item.Frames);
        };
        _poller = [_shell, _control, _stdin, _outbox];
        _heartbeatThread = new Thread(EchoHeartbeats) { IsBackground = true, Name = "heartbeat" };
    }

    public void Start()
    {
        _poller.RunAsync("kernel sockets");
        _heartbeatThread.Start();
    }

    /// <summary>Queues frames to send; safe from any thread.</summary>
    public void Send(SocketChannel channel, List<byte[]> frames)
    {
        if (!_stopping) _outbox.Enqueue((channel, frames));
    }

    /// <summary>Waits (up to <paramref name="limit"/>) until everything queued so far has been handed to ZeroMQ.</summary>
    public void Flush(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!_outbox.IsEmpty && DateTime.UtcNow < deadline) Thread.Sleep(5);
    }

    private static void Bind(NetMQSocket socket, ConnectionInfo connection, int port, string name)
    {
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        var endpoint = connection.Endpoint(port);
        try
        {
            socket.Bind(endpoint);
        }
        catch (NetMQException e)
        {
            throw new UserFacingException($"cannot bind {name} to {endpoint}: {e.Message} (is another kernel using that port? start the kernel with a fresh connection file)");
        }
    }

    private static void Drain(NetMQSocket socket, SocketChannel channel, Action<SocketChannel, List<byte[]>> received)
    {
        while (true)
        {
            var frames = new List<byte[]>(); // NetMQ clears a list it is given: each message needs its own
            if (!socket.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames)) return;
            received(channel, frames);
        }
    }

    private NetMQSocket SocketOf(SocketChannel channel) => channel switch
    {
        SocketChannel.Shell => _shell,
        SocketChannel.Control => _control,
        SocketChannel.Stdin => _stdin,
        _ => _iopub,
    };

    private void EchoHeartbeats()
    {
        while (!_stopping)
        {
            try
            {
                var ping = new List<byte[]>();
                if (_heartbeat.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref ping)) _heartbeat.SendMultipartBytes(ping);
            }
            catch (Exception e) when (e is NetMQException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_poller.IsRunning) _poller.Stop();
        _heartbeatThread.Join(TimeSpan.FromSeconds(1));
        _poller.Dispose();
        _outbox.Dispose();
        DisposeSockets();
    }

    private void DisposeSockets()
    {
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) socket.Dispose();
    }
}
