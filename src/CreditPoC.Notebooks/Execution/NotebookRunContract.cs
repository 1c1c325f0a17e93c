using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Execution;

/// <summary>What to run: one notebook, its parameters as text, and where the executed copy goes.</summary>
public sealed record NotebookRunOptions
{
    public required string InputPath { get; init; }

    /// <summary>The executed notebook; never the input. Written atomically, also when a cell fails.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Parameter values as given on the command line or in YAML; converted to each declared type.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>An undeclared parameter name is an error instead of a warning.</summary>
    public bool Strict { get; init; }

    /// <summary>The working directory of the cells; the notebook's folder when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The limit for one cell; none when null.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>The run the notebook belongs to, which its cells see as <see cref="RunContext.Current"/>; none when null.</summary>
    public RunContext? Context { get; init; }

    /// <summary>Write the parameterized notebook without running it (Papermill's <c>--prepare-only</c>).</summary>
    public bool PrepareOnly { get; init; }
}

/// <summary>How a run ended.</summary>
public sealed record NotebookRunResult
{
    public required bool Succeeded { get; init; }
    public required string OutputPath { get; init; }
    public required TimeSpan Duration { get; init; }

    /// <summary>The index in the notebook's cell list of the cell that failed, when one did.</summary>
    public int? FailedCellIndex { get; init; }
    public string? ErrorName { get; init; }
    public string? ErrorMessage { get; init; }
    public bool Cancelled { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Receives progress while a notebook runs (terminal progress bars, plain log lines, tests).</summary>
public interface INotebookRunObserver
{
    void NotebookStarted(string inputPath, int codeCellCount);
    void CellStarted(int codeCellNumber, int codeCellCount, string firstLine);
    void CellOutput(string text, bool isError);
    void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration);
    void NotebookFinished(NotebookRunResult result);
}

/// <summary>Runs one notebook. <see cref="NotebookRunner"/> is the real one; pipelines take this so tests can fake it.</summary>
public interface INotebookExecutor
{
    /// <summary>
    /// Runs the notebook and saves the executed copy. Bad parameters throw a <see cref="UserFacingException"/>
    /// before any cell runs; a failing cell does not throw but returns <c>Succeeded = false</c>.
    /// </summary>
    Task<NotebookRunResult> RunAsync(NotebookRunOptions options, INotebookRunObserver? observer = null, CancellationToken cancellationToken = default);
}

/// <summary>An executor that can get ready before its first notebook, as a server does between requests.</summary>
public interface IPreparableExecutor
{
    /// <summary>
    /// Starts and warms what the notebooks of the project at <paramref name="projectDirectory"/> will need, for up to
    /// <paramref name="spares"/> notebooks in a row (a kernel-process executor keeps that many warm kernels).
    /// </summary>
    void Prepare(string projectDirectory, int spares);
}
