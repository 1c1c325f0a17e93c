using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// How a notebook's cells execute, the one thing that differs between <see cref="NotebookRunner"/>'s engines: in this
/// process (<see cref="InProcessCellEngine"/>) or in a kernel process that the engine drives as a Jupyter client.
/// Parameters, the Papermill record, the error banner and saving are the runner's, the same for both.
/// </summary>
public interface ICellEngine
{
    /// <summary>
    /// Starts what one notebook's cells run in. A failure to start throws <see cref="CellEngineStartException"/>, which
    /// the runner reports as the first cell's error (with the banner), never as bad arguments.
    /// </summary>
    Task<ICellSession> StartAsync(CellSessionStart start, CancellationToken cancellationToken);
}

/// <summary>One notebook's cells, run one at a time, sharing their state.</summary>
public interface ICellSession : IAsyncDisposable
{
    /// <summary>Runs one cell, writing its outputs (and its error) to <paramref name="output"/>, which is sealed at the end.</summary>
    Task<CellOutcome> RunCellAsync(CellSubmission cell, ICellOutput output, CancellationToken cancellationToken);
}

/// <summary>What a cell session needs to know about its notebook.</summary>
/// <param name="NotebookDirectory">What relative <c>#r</c> paths are relative to.</param>
/// <param name="DefaultKernel">The notebook's default Polyglot kernel.</param>
/// <param name="WorkingDirectory">The working directory of the cells.</param>
/// <param name="Context">The run the notebook belongs to (<see cref="RunContext.Current"/> in its cells); none when null.</param>
/// <param name="Warnings">Where the session adds what the run's result should warn about.</param>
public sealed record CellSessionStart(string NotebookDirectory, string DefaultKernel, string WorkingDirectory, RunContext? Context, ICollection<string> Warnings);

/// <summary>The cells' engine could not start (e.g. the kernel process did not come up); the message says why.</summary>
public sealed class CellEngineStartException(string name, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The error name the failed cell shows, e.g. <c>KernelStartError</c>.</summary>
    public string Name { get; } = name;
}
