using System.Diagnostics;
using CreditPoC.Notebooks.Ipynb;
using CreditPoC.Notebooks.Parameters;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Runs Polyglot C# notebooks headless, the Papermill way: parameters are converted and injected before anything
/// runs, code cells run in order sharing one state, outputs and Papermill's timing record are written, and a failing
/// cell stops the run, leaves an error banner and still saves the notebook (atomically, never over the input).
/// Where the cells execute is the <see cref="ICellEngine"/>'s business: in this process (the default of this
/// constructor) or in a kernel process (<c>KernelProcessExecutor</c>), with everything else the same.
/// </summary>
public sealed class NotebookRunner(ICellEngine engine) : INotebookExecutor
{
    /// <summary>A runner whose cells run in this process.</summary>
    public NotebookRunner() : this(InProcessCellEngine.Instance)
    {
    }

    /// <summary>
    /// Starts Roslyn's one-off start-up (about a second of JIT) in the background. The runner does this itself;
    /// a command may call it earlier, e.g. while it reads a pipeline file. Safe to call many times.
    /// </summary>
    public static Task WarmUpAsync() => ExecutionSession.WarmUpAsync();

    public async Task<NotebookRunResult> RunAsync(NotebookRunOptions options, INotebookRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        // Overlaps Roslyn's start-up with reading and parameterizing (in this process; a kernel warms up its own).
        var warmUp = engine is InProcessCellEngine ? ScriptSession.WarmUpAsync() : Task.CompletedTask;
        var inputPath = Path.GetFullPath(options.InputPath);
        var outputPath = Path.GetFullPath(options.OutputPath);
        if (string.Equals(inputPath, outputPath, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            throw new UserFacingException($"the output notebook must not be the input notebook ({options.InputPath}); choose another output path");
        if (options.CellTimeout is { } limit && limit <= TimeSpan.Zero)
            throw new UserFacingException($"the execution timeout must be positive, got {limit.TotalSeconds} s");
        if (!File.Exists(inputPath))
            throw new UserFacingException($"notebook {options.InputPath} does not exist");
        if (options.WorkingDirectory is { } cwd && !Directory.Exists(cwd))
            throw new UserFacingException($"the working directory {cwd} does not exist");

        var notebook = Notebook.Load(inputPath);
        notebook.UpgradeToCellIds();
        var bound = NotebookParameters.Bind(notebook, options.Parameters, options.Strict, Path.GetFileName(inputPath));
        var warnings = bound.Warnings.ToList();
        PapermillRecord.NotebookRecord(notebook);
        NotebookParameters.Inject(notebook, bound);
        var record = PapermillRecord.NotebookRecord(notebook);
        record["input_path"] = options.InputPath;
        record["output_path"] = options.OutputPath;
        PapermillRecord.RemoveErrorMarkers(notebook);

        if (options.PrepareOnly)
        {
            notebook.Save(outputPath); // parameterized, not executed: any Jupyter client can run it
            return new NotebookRunResult { Succeeded = true, OutputPath = options.OutputPath, Duration = clock.Elapsed, Warnings = warnings };
        }

        var notebookDirectory = Path.GetDirectoryName(inputPath)!;
        var starting = StartSessionAsync(new CellSessionStart(notebookDirectory, CellPreprocessor.DefaultKernel(notebook),
            Path.GetFullPath(options.WorkingDirectory ?? notebookDirectory), options.Context, warnings), cancellationToken);

        var startUtc = DateTime.UtcNow;
        PapermillRecord.Start(notebook, startUtc);
        notebook.Save(outputPath);

        var cells = notebook.Cells;
        var codeCells = cells.Where(c => c.IsCode && !string.IsNullOrWhiteSpace(c.Source)).ToList();
        observer?.NotebookStarted(options.InputPath, codeCells.Count);
        await warmUp.ConfigureAwait(false);

        var (session, startError) = await starting.ConfigureAwait(false);
        var displays = new Dictionary<string, System.Text.Json.Nodes.JsonObject>(StringComparer.Ordinal);
        var executionCount = 0;
        int? failedIndex = null;
        CellError? failure = null;
        var cancelled = false;

        try
        {
            for (var index = 0; index < cells.Count; index++)
            {
                var cell = cells[index];
                var cellStart = DateTime.UtcNow;
                PapermillRecord.CellStart(cell, cellStart);
                CellError? error = null;
                if (cell.IsCode && !string.IsNullOrWhiteSpace(cell.Source))
                {
                    executionCount++;
                    cell.ExecutionCount = executionCount;
                    observer?.CellStarted(executionCount, codeCells.Count, FirstLine(cell.Source));
                    var cellClock = Stopwatch.StartNew();
                    // Named as the output shows it (In [n]) and by id: positions shift when parameters are injected.
                    var cellLabel = cell.Id is { } id ? $"cell In [{executionCount}] (id {id})" : $"cell In [{executionCount}]";
                    var submission = new CellSubmission(cell.Source, executionCount, $"In[{executionCount}]", cellLabel)
                    {
                        Kernel = CellPreprocessor.CellKernel(cell),
                        Timeout = options.CellTimeout,
                    };
                    var collector = new CellOutputCollector(cell.Outputs, observer, displays);
                    var outcome = session is not null
                        ? await session.RunCellAsync(submission, collector, cancellationToken).ConfigureAwait(false)
                        : Failed(collector, startError!.Value.Name, startError.Value.Message, submission.Label);
                    (error, cancelled) = (outcome.Error, outcome.Cancelled);
                    PapermillRecord.ExecutionTimes(cell, cellStart, DateTime.UtcNow);
                    observer?.CellFinished(executionCount, error is null, cellClock.Elapsed);
                }
                PapermillRecord.CellEnd(cell, cellStart, DateTime.UtcNow, failed: error is not null);
                if (error is not null)
                {
                    failedIndex = index;
                    failure = error;
                    break;
                }
                notebook.Save(outputPath);
            }
        }
        finally
        {
            if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
        }

        PapermillRecord.Complete(notebook, startUtc, DateTime.UtcNow, failed: failure is not null);
        if (failedIndex is { } failed)
            failedIndex = PapermillRecord.InsertErrorBanner(notebook, failed, cells[failed].ExecutionCount);
        notebook.Save(outputPath);

        var result = new NotebookRunResult
        {
            Succeeded = failure is null,
            OutputPath = options.OutputPath,
            Duration = clock.Elapsed,
            FailedCellIndex = failedIndex,
            ErrorName = failure?.Name,
            ErrorMessage = failure?.Value,
            Cancelled = cancelled,
            Warnings = warnings,
        };
        observer?.NotebookFinished(result);
        return result;
    }

    /// <summary>Starts the cells' session; a start failure comes back as the error the first cell shows.</summary>
    private async Task<(ICellSession? Session, (string Name, string Message)? Error)> StartSessionAsync(CellSessionStart start, CancellationToken cancellationToken)
    {
        try
        {
            return (await engine.StartAsync(start, cancellationToken).ConfigureAwait(false), null);
        }
        catch (CellEngineStartException e)
        {
            return (null, (e.Name, e.Message));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, ("OperationCanceledException", "the run was cancelled"));
        }
    }

    private static CellOutcome Failed(ICellOutput output, string name, string message, string label)
    {
        var error = new CellError(name, message, [$"Cell {label}", $"{name}: {message}"]);
        output.AddError(error.Name, error.Value, error.Traceback);
        output.Seal();
        return new CellOutcome(error, Cancelled: name == "OperationCanceledException", Abandoned: false);
    }

    private static string FirstLine(string source) =>
        source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}
