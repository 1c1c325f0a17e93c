using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC.Kernel.Protocol;
using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Kernel.Client;

/// <summary>
/// One kernel process and the client connected to it, as jupyter_client's KernelManager and KernelClient: a
/// connection file with free ports and a fresh key, the process started from <see cref="KernelLauncher"/> with
/// <c>JPY_PARENT_PID</c> (so it ends when this process does), ready once it answers on shell and iopub. Its exit is a
/// task, and the last lines it wrote to standard error say why it died.
/// </summary>
internal sealed class KernelProcess : IAsyncDisposable
{
    /// <summary>How long a kernel may take to answer its first kernel_info request (a cold start on a busy machine).</summary>
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private const int TailLines = 40;
    private readonly Process _process;
    private readonly string _connectionFile;
    private readonly Queue<string> _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _rehearsed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KernelProcess(Process process, string connectionFile, KernelClient client)
    {
        _process = process;
        _connectionFile = connectionFile;
        Client = client;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data.Contains(Rehearsal.EndedLogLine, StringComparison.Ordinal)) _rehearsed.TrySetResult();
            lock (_stderr)
            {
                _stderr.Enqueue(e.Data);
                if (_stderr.Count > TailLines) _stderr.Dequeue();
            }
        };
        _process.OutputDataReceived += (_, _) => { }; // nothing is expected there; drained so that it never blocks
        _process.Exited += (_, _) =>
        {
            _exited.TrySetResult();
            _rehearsed.TrySetResult();
        };
        _process.EnableRaisingEvents = true;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        if (_process.HasExited)
        {
            _exited.TrySetResult();
            _rehearsed.TrySetResult();
        }
    }

    public KernelClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>Completes when the process has ended.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Completes when a kernel started to rehearse has ended its rehearsal (or the process has ended).</summary>
    public Task Rehearsed => _rehearsed.Task;

    /// <summary>The last lines the kernel wrote to standard error (its log, the runtime's last words).</summary>
    public IReadOnlyList<string> StderrTail
    {
        get
        {
            lock (_stderr) return [.. _stderr];
        }
    }

    /// <summary>How the process ended; after <see cref="Exited"/>. The stderr reader may lag the exit by a moment.</summary>
    public async Task<string> DescribeDeathAsync(bool beforeTheCell = false)
    {
        await Exited.ConfigureAwait(false);
        await Task.Run(() => _process.WaitForExit(1000)).ConfigureAwait(false); // lets the stderr reader reach the end
        return KernelExit.Describe(_process.ExitCode, StderrTail, beforeTheCell);
    }

    /// <summary>Starts a kernel in <paramref name="workingDirectory"/> and waits until it is ready.</summary>
    /// <exception cref="CellEngineStartException">it could not be started or ended before it was ready.</exception>
    /// <param name="rehearse">A kernel started in advance: it compiles a few representative cells while it waits.</param>
    /// <param name="rehearsalProject">With <paramref name="rehearse"/>: the project whose trial it also rehearses (<see cref="Rehearsal"/>).</param>
    public static async Task<KernelProcess> StartAsync(IReadOnlyList<string> launcher, string workingDirectory, CancellationToken cancellationToken, bool rehearse = false,
        string? rehearsalProject = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var kernel = Launch(launcher, workingDirectory, rehearse, rehearsalProject);
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(StartLimit);
                try
                {
                    await kernel.Client.WaitReadyAsync(kernel.Exited, limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CellEngineStartException("KernelStartError",
                        string.Create(CultureInfo.InvariantCulture, $"the kernel process ({string.Join(' ', launcher)}) did not answer within {StartLimit.TotalSeconds:0} s"));
                }
                if (!kernel.Exited.IsCompleted) return kernel;
                var tail = kernel.StderrTail;
                // Another process may take a free port between our probe and the kernel's bind: try once more.
                if (attempt == 1 && tail.Any(l => l.Contains("cannot bind", StringComparison.Ordinal))) continue;
                throw new CellEngineStartException("KernelStartError",
                    $"the kernel process ({string.Join(' ', launcher)}) ended before it was ready ({KernelExit.Code(kernel._process.ExitCode)}): " +
                    string.Join(" | ", tail.TakeLast(3)));
            }
            catch
            {
                await kernel.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static KernelProcess Launch(IReadOnlyList<string> launcher, string workingDirectory, bool rehearse, string? rehearsalProject)
    {
        var connection = new ConnectionInfo
        {
            Ip = "127.0.0.1", Transport = "tcp", Key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ShellPort = FreePort(), IopubPort = FreePort(), StdinPort = FreePort(), ControlPort = FreePort(), HeartbeatPort = FreePort(),
        };
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "creditpoc-kernels")).FullName;
        var file = Path.Combine(folder, $"kernel-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(connection));

        var start = new ProcessStartInfo(launcher[0])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in launcher.Skip(1)) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(file);
        start.Environment["JPY_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        start.Environment[JupyterKernel.RehearseVariable] = rehearse ? "1" : null;
        start.Environment[Rehearsal.ProjectVariable] = rehearse ? rehearsalProject : null;
        // A kernel that rehearses the trial in advance (a server's spare) has the time to compile optimized code once:
        // tiered compilation's quick first tier and its later re-compiling never pay off in a kernel that serves one
        // notebook. Measured on a day of 3,416 applications in a rehearsed kernel: inference's scoring cell 1.9 s with
        // tiering, 1.0 s without; monitoring's report 2.2 s against 1.3 s. ReadyToRun code is used as it is.
        if (rehearse && rehearsalProject is not null) start.Environment["DOTNET_TieredCompilation"] = "0";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            File.Delete(file);
            throw new CellEngineStartException("KernelStartError", $"cannot start the kernel process {string.Join(' ', launcher)}: {e.Message}", e);
        }
        process.StandardInput.Close(); // a cell that reads the console gets end-of-input
        return new KernelProcess(process, file, new KernelClient(connection));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Ends the process at once (SIGKILL), with whatever it was running.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // it has just ended
        }
    }

    /// <summary>Asks the kernel to shut down (control channel), and kills it if it has not ended within a second.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            Client.Send(SocketChannel.Control, "shutdown_request", new JsonObject { ["restart"] = false });
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
            Kill();
        }
        Client.Dispose();
        _process.Dispose();
        try
        {
            File.Delete(_connectionFile);
        }
        catch (IOException)
        {
            // a leftover connection file in the temp folder is harmless
        }
    }
}
