namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Runs a cell on a thread of its own, so that an interrupt can wake it from a sleep, a wait or a blocked await
/// (<see cref="Thread.Interrupt"/> throws <see cref="ThreadInterruptedException"/> there) without touching a
/// pool thread that later work would reuse.
/// </summary>
internal sealed class CellThread<T>
{
    private const int StackBytes = 16 * 1024 * 1024; // native trainers may run on it
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;

    public CellThread(Func<T> body, string name)
    {
        _thread = new Thread(() =>
        {
            try
            {
                _done.TrySetResult(body());
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
            }
        }, StackBytes) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public Task<T> Task => _done.Task;

    /// <summary>Wakes the thread if it sleeps or waits; harmless once it has ended.</summary>
    public void Interrupt()
    {
        if (!_done.Task.IsCompleted) _thread.Interrupt();
    }
}
