namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Sets <see cref="Environment.CurrentDirectory"/> for a run and restores it when the last run ends.
/// Limitation: the current directory belongs to the process, so notebooks running side by side share one; if
/// they ask for different folders the last one wins (a warning says so). Pipeline notebooks live in one folder,
/// and library code should prefer paths built from parameters over relative paths.
/// </summary>
internal sealed class WorkingDirectoryScope : IDisposable
{
    private static readonly object Gate = new();
    private static int _active;
    private static string? _original;
    private bool _disposed;

    public WorkingDirectoryScope(string directory, ICollection<string> warnings)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
            throw new UserFacingException($"the working directory {full} does not exist");
        lock (Gate)
        {
            if (_active == 0) _original = Environment.CurrentDirectory;
            else if (!string.Equals(Environment.CurrentDirectory, full, StringComparison.Ordinal))
                warnings.Add($"another notebook running at the same time uses the working directory {Environment.CurrentDirectory}; this run switches the process to {full}");
            _active++;
            Environment.CurrentDirectory = full;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (Gate)
        {
            if (--_active == 0 && _original is not null) Environment.CurrentDirectory = _original;
        }
    }
}
