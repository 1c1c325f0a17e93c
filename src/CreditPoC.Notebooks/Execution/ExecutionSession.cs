using CreditPoC.Notebooks.Formatting;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// The one execution core: a notebook's (or a kernel's) C# state and the way every cell runs, shared by
/// <see cref="NotebookRunner"/> (<c>creditpoc run</c>) and the Jupyter kernel. A cell's magics and <c>#r</c> lines
/// are handled, it runs as the next chained Roslyn submission on a thread of its own with its console output and
/// <c>display()</c> captured, and its trailing value is formatted by the <see cref="Formatter"/> registry.
/// Cells run one at a time.
/// </summary>
public sealed class ExecutionSession
{
    /// <summary>How long an interrupted cell may take to stop before it is abandoned.</summary>
    public static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(1);

    private readonly NotebookGlobals _globals = new();
    private readonly ScriptSession _script;

    /// <param name="notebookDirectory">What relative <c>#r</c> paths are relative to.</param>
    /// <param name="defaultKernel">The notebook's default Polyglot kernel (cells without a kernel of their own).</param>
    public ExecutionSession(string notebookDirectory, string defaultKernel = PolyglotNotebook.KernelName)
    {
        NotebookDirectory = Path.GetFullPath(notebookDirectory);
        DefaultKernel = defaultKernel;
        _script = new ScriptSession(_globals);
    }

    public string NotebookDirectory { get; }

    public string DefaultKernel { get; }

    /// <summary>The error message of a cell stopped by cancellation.</summary>
    public string CancelledMessage { get; init; } = "the run was cancelled";

    /// <summary>What completion and inspection see: the code that ran so far and the references it compiled against.</summary>
    public SubmissionHistory History => _script.History;

    /// <summary>Starts Roslyn's one-off start-up in the background.</summary>
    public static Task WarmUpAsync() => ScriptSession.WarmUpAsync();

    /// <summary>Runs one cell, writing its outputs (and its error, if any) to <paramref name="output"/>, which is sealed at the end.</summary>
    public async Task<CellOutcome> RunCellAsync(CellSubmission cell, ICellOutput output, CancellationToken cancellationToken = default)
    {
        try
        {
            if (cancellationToken.IsCancellationRequested) return Failed(output, CellError.Cancelled(cell.Label, CancelledMessage), cancelled: true);
            var prepared = CellPreprocessor.Prepare(cell.Source, cell.Kernel, cell.CellLabel, NotebookDirectory, DefaultKernel);
            if (prepared.Problem is not null) return Failed(output, CellError.FromProblem(prepared.Problem, cell.Label));

            _globals.CurrentCell = output;
            using var interruption = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = new CellThread<SubmissionOutcome>(() =>
            {
                using (ConsoleRouter.Capture(output))
                using (Interruption.Use(interruption.Token))
                    return _script.RunAsync(prepared.Code, cell.Label, prepared.Assemblies, prepared.Files, CancellationToken.None).GetAwaiter().GetResult();
            }, cell.Label);

            using (var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var limit = Task.Delay(cell.Timeout ?? Timeout.InfiniteTimeSpan, stopWaiting.Token);
                var finished = await Task.WhenAny(running.Task, limit).ConfigureAwait(false);
                await stopWaiting.CancelAsync().ConfigureAwait(false);
                if (finished != running.Task)
                {
                    await interruption.CancelAsync().ConfigureAwait(false);
                    running.Interrupt();
                    if (!cancellationToken.IsCancellationRequested)
                        return Failed(output, CellError.Timeout(cell.Timeout!.Value, cell.Label), abandoned: true);
                    var stopped = await Task.WhenAny(running.Task, Task.Delay(InterruptGrace)).ConfigureAwait(false) == running.Task;
                    return Failed(output, CellError.Cancelled(cell.Label, CancelledMessage), cancelled: true, abandoned: !stopped);
                }
            }

            SubmissionOutcome outcome;
            try
            {
                outcome = await running.Task.ConfigureAwait(false);
            }
            catch (Exception e) when (e is ThreadInterruptedException or OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return Failed(output, CellError.Cancelled(cell.Label, CancelledMessage), cancelled: true);
            }
            if (outcome.Errors.Count > 0) return Failed(output, CellError.FromDiagnostics(outcome.Errors, cell.Label));
            if (outcome.Exception is not null)
            {
                return cancellationToken.IsCancellationRequested && outcome.Exception is ThreadInterruptedException or OperationCanceledException
                    ? Failed(output, CellError.Cancelled(cell.Label, CancelledMessage), cancelled: true)
                    : Failed(output, CellError.FromException(outcome.Exception, cell.Label));
            }
            _script.Accept(outcome);
            if (outcome.HasValue && outcome.Value is not DisplayedValue)
                output.AddExecuteResult(Formatter.Format(outcome.Value), cell.ExecutionCount);
            return new CellOutcome(null, false, false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A formatter or the engine itself failed: still a failed cell, never a lost notebook or a dead kernel.
            return Failed(output, CellError.FromException(e, cell.Label));
        }
        finally
        {
            output.Seal();
        }
    }

    private static CellOutcome Failed(ICellOutput output, CellError error, bool cancelled = false, bool abandoned = false)
    {
        output.AddError(error.Name, error.Value, error.Traceback);
        return new CellOutcome(error, cancelled, abandoned);
    }
}
