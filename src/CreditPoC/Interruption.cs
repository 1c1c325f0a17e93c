namespace CreditPoC;

/// <summary>
/// The cancellation long library calls observe between folds, trials and chunks: a notebook run's Ctrl+C or a
/// Jupyter kernel's interrupt. The engine sets it around each cell; it flows into the tasks and threads the cell
/// starts. Outside a cell it is never cancelled.
/// </summary>
public static class Interruption
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>The token of the running cell (<see cref="CancellationToken.None"/> outside one).</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell was interrupted.</summary>
    public static void ThrowIfRequested() => Current.Value.ThrowIfCancellationRequested();

    /// <summary>Makes <paramref name="token"/> the current one for this flow until disposed.</summary>
    public static IDisposable Use(CancellationToken token)
    {
        var previous = Current.Value;
        Current.Value = token;
        return new Restore(previous);
    }

    private sealed class Restore(CancellationToken previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
