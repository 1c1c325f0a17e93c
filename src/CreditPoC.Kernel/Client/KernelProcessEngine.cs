using CreditPoC.Kernel.Protocol;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Tracking;

namespace CreditPoC.Kernel.Client;

/// <summary>
/// Cells run in a kernel process of their own, one per notebook, as Papermill runs them through nbclient: a cell that
/// ends, crashes or hangs its process fails that notebook only. With <c>warmSpare</c>, the next kernel starts in the
/// background while a notebook runs (a pool of one; a server asks for more with <see cref="Prepare"/>), so a notebook
/// does not wait for a kernel's start-up. A spare rehearses a few cells while it waits, and a prepared engine's spares
/// (a server's) also the project's trial (<see cref="Rehearsal"/>).
/// Spares start one at a time. Disposing kills the spares; kernels also end by themselves when this process ends
/// (<c>JPY_PARENT_PID</c>).
/// </summary>
public sealed class KernelProcessEngine : ICellEngine, IDisposable
{
    private readonly IReadOnlyList<string> _launcher;
    private readonly bool _warmSpare;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly List<Task<KernelProcess>> _spares = [];
    private Task _warming = Task.CompletedTask;
    private int _spareCount = 1;
    private int _starting;
    private int _running;
    private long _lastEnded;

    /// <summary>How long no notebook must have run before a spare that is not the next notebook's starts.</summary>
    private static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(2);
    private volatile string? _project;

    /// <param name="launcher">The kernel's command line before <c>-f FILE</c>; <see cref="KernelLauncher.Default"/> when null.</param>
    /// <param name="warmSpare">Keep one kernel started in advance for the next notebook.</param>
    public KernelProcessEngine(IReadOnlyList<string>? launcher = null, bool warmSpare = true)
    {
        _launcher = launcher ?? KernelLauncher.Default();
        _warmSpare = warmSpare;
    }

    public async Task<ICellSession> StartAsync(CellSessionStart start, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var kernel = await TakeAsync(start.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        if (_warmSpare) StartSpare();
        try
        {
            var request = kernel.Client.Send(SocketChannel.Shell, KernelCellMetadata.NotebookRequest, KernelCellMetadata.Notebook(start));
            try
            {
                await Task.WhenAny(request.Reply, kernel.Exited).WaitAsync(KernelProcess.StartLimit, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new CellEngineStartException("KernelStartError", "the kernel did not answer which notebook it serves");
            }
            finally
            {
                kernel.Client.StopListening(request.MessageId);
            }
            if (!request.Reply.IsCompleted)
                throw new CellEngineStartException("KernelStartError", await kernel.DescribeDeathAsync(beforeTheCell: true).ConfigureAwait(false));
            var reply = (await request.Reply.ConfigureAwait(false)).Content;
            if ((string?)reply["status"] != "ok")
                throw new CellEngineStartException("KernelStartError", $"the kernel cannot serve this notebook: {(string?)reply["evalue"]}");
            Interlocked.Increment(ref _running);
            return new KernelCellSession(kernel, () =>
            {
                Volatile.Write(ref _lastEnded, System.Diagnostics.Stopwatch.GetTimestamp());
                if (Interlocked.Decrement(ref _running) == 0) StartSpare(); // idle again: the pool fills up
            });
        }
        catch
        {
            await kernel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Keeps <paramref name="spares"/> kernels started in advance from now on, before the first notebook (a server that
    /// runs notebooks on request), rehearsing the trial of the project at <paramref name="projectDirectory"/> (or of the
    /// nearest folder above it that holds <c>parameters/</c>).
    /// </summary>
    public void Prepare(string projectDirectory, int spares = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spares);
        _project = RunContext.ProjectRoot(projectDirectory) ?? _project;
        Volatile.Write(ref _spareCount, spares);
        if (_warmSpare) StartSpare();
    }

    /// <summary>A spare if there is a live one (the first ready, else waiting for the oldest), else a kernel started now.</summary>
    private async Task<KernelProcess> TakeAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        Task<KernelProcess>? spare;
        lock (_gate)
        {
            spare = _spares.FirstOrDefault(t => t.IsCompletedSuccessfully) ?? _spares.FirstOrDefault();
            if (spare is not null) _spares.Remove(spare);
        }
        if (spare is not null)
        {
            try
            {
                var kernel = await spare.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!kernel.Exited.IsCompleted) return kernel;
                await kernel.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is CellEngineStartException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // the spare did not come up: start one for this notebook, which reports the problem if it persists
            }
            catch (OperationCanceledException)
            {
                // cancelled while the spare was starting: it ends once it has
                _ = spare.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.DisposeAsync().AsTask() : Task.CompletedTask, TaskScheduler.Default).Unwrap();
                throw;
            }
        }
        Interlocked.Increment(ref _starting);
        try
        {
            return await KernelProcess.StartAsync(_launcher, workingDirectory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _starting);
        }
    }

    /// <summary>
    /// Starts a spare, unless there are enough, one is still starting or rehearsing (they start one at a time, each
    /// starting the next when it has rehearsed), or another notebook's kernel is still starting (two tasks that begin
    /// together): a spare would only slow that start down; the last kernel to be ready starts it. Only the next
    /// notebook's spare of a pool of one starts while notebooks run; the others wait until no notebook has run for
    /// <see cref="IdleDelay"/>, so as not to take the cores from the notebooks they would serve.
    /// </summary>
    private void StartSpare()
    {
        lock (_gate)
        {
            var wanted = Volatile.Read(ref _spareCount);
            if (_spares.Count >= wanted || !_warming.IsCompleted || _disposed.IsCancellationRequested || Volatile.Read(ref _starting) > 0) return;
            if (_spares.Count >= 1 || wanted > 1)
            {
                if (Volatile.Read(ref _running) > 0) return; // the last notebook to end calls again
                var idle = System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _lastEnded));
                if (Volatile.Read(ref _lastEnded) != 0 && idle < IdleDelay)
                {
                    Task.Delay(IdleDelay - idle).ContinueWith(_ => StartSpare(), TaskScheduler.Default);
                    return;
                }
            }
            var project = _project;
            var spare = Task.Run(() => KernelProcess.StartAsync(_launcher, Path.GetTempPath(), _disposed.Token, rehearse: true, rehearsalProject: project));
            _spares.Add(spare);
            // The next spare starts when this one has rehearsed (or was taken and stopped rehearsing, or failed).
            _warming = spare.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Rehearsed : Task.CompletedTask, TaskScheduler.Default).Unwrap();
            _warming.ContinueWith(_ => StartSpare(), TaskScheduler.Default);
        }
    }

    /// <summary>For tests: the process id of the oldest spare kernel once it is ready; null when there is none.</summary>
    internal async Task<int?> SpareProcessIdAsync()
    {
        Task<KernelProcess>? spare;
        lock (_gate) spare = _spares.FirstOrDefault();
        if (spare is null) return null;
        try
        {
            return (await spare.ConfigureAwait(false)).ProcessId;
        }
        catch (CellEngineStartException)
        {
            return null;
        }
    }

    /// <summary>For tests: how many spares there are (started or starting).</summary>
    internal int SpareCount
    {
        get
        {
            lock (_gate) return _spares.Count;
        }
    }

    /// <summary>Kills the spare kernels (now, or as soon as they have started).</summary>
    public void Dispose()
    {
        Task<KernelProcess>[] spares;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested) return;
            _disposed.Cancel();
            spares = [.. _spares];
            _spares.Clear();
        }
        var ended = spares.Select(spare => spare.ContinueWith(t =>
        {
            if (!t.IsCompletedSuccessfully) return;
            t.Result.Kill();
            t.Result.DisposeAsync().AsTask().Wait();
        }, TaskScheduler.Default)).ToArray();
        Task.WaitAll(ended, TimeSpan.FromSeconds(5));
    }
}
