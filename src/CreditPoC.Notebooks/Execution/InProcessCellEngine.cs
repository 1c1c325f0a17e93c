using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Cells run in this process, on <see cref="ExecutionSession"/> (<c>--in-process</c>): the fastest start, but a cell
/// that calls <c>Environment.Exit</c>, overflows the stack or crashes a thread takes the whole engine with it.
/// </summary>
public sealed class InProcessCellEngine : ICellEngine
{
    public static readonly InProcessCellEngine Instance = new();

    public Task<ICellSession> StartAsync(CellSessionStart start, CancellationToken cancellationToken) =>
        Task.FromResult<ICellSession>(new Session(start));

    private sealed class Session(CellSessionStart start) : ICellSession
    {
        private readonly ExecutionSession _session = new(start.NotebookDirectory, start.DefaultKernel);
        private readonly WorkingDirectoryScope _directory = new(start.WorkingDirectory, start.Warnings);

        public async Task<CellOutcome> RunCellAsync(CellSubmission cell, ICellOutput output, CancellationToken cancellationToken)
        {
            // The context flows into the cell's thread and into what the cell starts.
            using (start.Context is { } context ? RunContext.Use(context) : null)
                return await _session.RunCellAsync(cell, output, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync()
        {
            _directory.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
