namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Sets <see cref="Environment.CurrentDirectory"/> for a run and, when it ends, gives the process back the folder of
/// a run still going (the latest begun), or the original one when none is left.
/// Limitation: the current directory belongs to the process, so notebooks running side by side share one; if
/// they ask for different folders the last one wins (a warning says so). Pipeline notebooks live in one folder,
/// and library code should prefer paths built from parameters over relative paths.
/// </summary>
internal sealed class WorkingDirectoryScope : IDisposable
{
    private static readonly object Gate = new();
    private static readonly List<WorkingDirectoryScope> Active = [];
    private static string? _original;
    private readonly string _directory;
    private bool _disposed;

    public WorkingDirectoryScope(string directory, ICollection<string> warnings)
    {
        _directory = Path.GetFullPath(directory);
        if (!Directory.Exists(_directory))
            throw new UserFacingException($"the working directory {_directory} does not exist");
        lock (Gate)
        {
            if (Active.Count == 0) _original = Environment.CurrentDirectory;
            else if (!string.Equals(Environment.CurrentDirectory, _directory, StringComparison.Ordinal))
                warnings.Add($"another notebook running at the same time uses the working directory {Environment.CurrentDirectory}; this run switches the process to {_directory}");
            Active.Add(this);
            Environment.CurrentDirectory = _directory;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (Gate)
        {
            Active.Remove(this);
            // Not left in this run's folder, which its owner may delete next while another run still goes on.
            var next = Active.Count > 0 ? Active[^1]._directory : _original;
            if (next is not null && Directory.Exists(next)) Environment.CurrentDirectory = next;
        }
    }
}
