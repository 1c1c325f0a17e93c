using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Parameters;
using CreditPoC.Notebooks.Rendering;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>Which tasks of a pipeline to run.</summary>
public sealed record PipelineSelection
{
    /// <summary>Run only this task (its dependencies are taken as already done).</summary>
    public string? Only { get; init; }

    /// <summary>Run this task and every task that depends on it, directly or not.</summary>
    public string? From { get; init; }

    public static PipelineSelection All { get; } = new();
}

/// <summary>Settings of <see cref="PipelineRunner"/>.</summary>
public sealed record PipelineRunnerOptions
{
    /// <summary>Runs go to <c>&lt;RunsDirectory&gt;/&lt;yyyy-MM-dd&gt;/&lt;run-id&gt;/</c>.</summary>
    public required string RunsDirectory { get; init; }

    /// <summary>How many independent tasks run side by side; the file's <c>max_parallel</c>, else 2, when null.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>Values given on the command line (<c>-p</c>): they go to the tasks whose notebook declares them (to every task when none does) and win over the YAML.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Render each executed notebook to HTML beside it (also after a failure).</summary>
    public bool RenderHtml { get; init; } = true;

    public bool ReportMode { get; init; }

    /// <summary>A parameter a task's notebook does not declare is an error (the task fails) instead of a warning.</summary>
    public bool Strict { get; init; }

    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Progress for one task's notebook (e.g. <c>ConsoleProgress.ForNotebook</c>); none when null.</summary>
    public Func<PipelineTask, INotebookRunObserver?>? Observer { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Takes the date's lock before a run makes its folder (e.g. <see cref="DateLocks.LockDate"/> of the run store)
    /// and gives it back when the run ends; throwing refuses the run. No lock when null.
    /// </summary>
    public Func<DateOnly, string, IDisposable>? LockDate { get; init; }

    /// <summary>The run store the notebooks register models in and read them from; <c>RunsDirectory/creditpoc.db</c> when null.</summary>
    public string? StorePath { get; init; }

    public string Store => Path.GetFullPath(StorePath ?? Path.Combine(RunsDirectory, "creditpoc.db"));
}

/// <summary>
/// Runs a <see cref="PipelineDefinition"/> for a date in one process: tasks in dependency order, independent ones
/// side by side (bounded by <see cref="PipelineRunnerOptions.MaxParallel"/>). A task that fails makes its
/// dependents skipped while the other tasks go on. Each run writes every executed notebook, its HTML and
/// <c>summary.json</c> into a fresh <see cref="RunFolder"/>. The events let a run store record what happens;
/// they are raised one at a time, never concurrently.
/// </summary>
public sealed class PipelineRunner(INotebookExecutor executor, PipelineRunnerOptions options)
{
    private readonly Lock _events = new();

    public event Action<PipelineRunInfo>? RunStarted;
    public event Action<PipelineTaskStart>? TaskStarted;
    public event Action<PipelineRunInfo, PipelineTaskResult>? TaskFinished;
    public event Action<PipelineRunSummary>? RunFinished;

    /// <summary>Runs the selected tasks for <paramref name="date"/>. Cancelling stops new tasks and cancels running ones, which still save.</summary>
    public async Task<PipelineRunSummary> RunAsync(PipelineDefinition pipeline, DateOnly date, PipelineSelection? selection = null, CancellationToken cancellationToken = default)
    {
        var selected = Select(pipeline, selection ?? PipelineSelection.All);
        foreach (var name in options.Parameters.Keys) ParameterName.Check(name, "pipeline parameters (-p)");
        var runId = RunFolder.NewId(options.Clock.GetUtcNow());
        using var dateLock = options.LockDate?.Invoke(date, runId);
        var folder = RunFolder.Create(options.RunsDirectory, date, runId);
        var run = new PipelineRunInfo(pipeline.FilePath, date, folder.RunId, folder.Path, options.Clock.GetUtcNow());
        return await RunTasksAsync(pipeline, run, selected, _ => 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reruns the selected tasks in an earlier run's folder (<paramref name="resume"/>, planned by
    /// <see cref="PipelineResume.Plan"/>): each task is its next attempt, its outputs carry the attempt number, the
    /// tasks it depends on are taken as done (their newest attempts' files are read), and the run's earlier files and
    /// summaries stay as they were. Takes the date's lock like a new run.
    /// </summary>
    public async Task<PipelineRunSummary> ResumeAsync(PipelineDefinition pipeline, PipelineResume resume, PipelineSelection selection, CancellationToken cancellationToken = default)
    {
        var selected = Select(pipeline, selection);
        foreach (var name in selected)
            if (!resume.Attempts.ContainsKey(name))
                throw new ArgumentException($"the resume plan has no attempt for task {name}", nameof(resume));
        foreach (var name in options.Parameters.Keys) ParameterName.Check(name, "pipeline parameters (-p)");
        using var dateLock = options.LockDate?.Invoke(resume.Date, resume.RunId);
        if (!Directory.Exists(resume.RunDirectory))
            throw new UserFacingException($"the folder of run {resume.RunId}, {resume.RunDirectory}, does not exist: there is nothing to rerun in");
        var run = new PipelineRunInfo(pipeline.FilePath, resume.Date, resume.RunId, resume.RunDirectory, options.Clock.GetUtcNow(), resume.RunAttempt);
        return await RunTasksAsync(pipeline, run, selected, task => resume.Attempts[task], cancellationToken).ConfigureAwait(false);
    }

    private async Task<PipelineRunSummary> RunTasksAsync(PipelineDefinition pipeline, PipelineRunInfo run, IReadOnlySet<string> selected,
        Func<string, int> attemptOf, CancellationToken cancellationToken)
    {
        Raise(() => RunStarted?.Invoke(run));

        var maxParallel = Math.Max(1, options.MaxParallel ?? pipeline.MaxParallel ?? 2);
        var tasks = pipeline.Tasks.Where(t => selected.Contains(t.Name)).ToList();
        var given = GivenParameters(tasks);
        var results = new Dictionary<string, PipelineTaskResult>();
        var pending = new List<PipelineTask>(tasks);
        var running = new Dictionary<Task<PipelineTaskResult>, PipelineTask>();

        void Finish(PipelineTaskResult result)
        {
            results[result.Task] = result;
            Raise(() => TaskFinished?.Invoke(run, result));
            new PipelineRunSummary(run, null, Ordered()).Write();
        }
        List<PipelineTaskResult> Ordered() => tasks.Where(t => results.ContainsKey(t.Name)).Select(t => results[t.Name]).ToList();
        PipelineTaskStatus? StatusOf(string name) => results.TryGetValue(name, out var r) ? r.Status : null;

        new PipelineRunSummary(run, null, []).Write();
        while (pending.Count > 0 || running.Count > 0)
        {
            // Skip every task that waits for one that did not succeed; repeat until no more skips follow.
            for (var skipped = true; skipped;)
            {
                skipped = false;
                foreach (var task in pending.ToList())
                {
                    var blocker = task.DependsOn.FirstOrDefault(d => selected.Contains(d) && StatusOf(d) is { } s && s != PipelineTaskStatus.Succeeded);
                    if (blocker is null) continue;
                    pending.Remove(task);
                    Finish((StatusOf(blocker) == PipelineTaskStatus.Cancelled
                        ? NotRun(task, PipelineTaskStatus.Cancelled, "not started: the run was cancelled")
                        : NotRun(task, PipelineTaskStatus.Skipped, $"skipped because '{blocker}' {StatusOf(blocker).ToString()!.ToLowerInvariant()}"))
                        with { Attempt = attemptOf(task.Name) });
                    skipped = true;
                }
            }
            if (cancellationToken.IsCancellationRequested)
            {
                foreach (var task in pending) Finish(NotRun(task, PipelineTaskStatus.Cancelled, "not started: the run was cancelled") with { Attempt = attemptOf(task.Name) });
                pending.Clear();
            }
            foreach (var task in pending.ToList())
            {
                if (running.Count >= maxParallel) break;
                if (!task.DependsOn.All(d => !selected.Contains(d) || StatusOf(d) == PipelineTaskStatus.Succeeded)) continue;
                pending.Remove(task);
                running[RunTaskAsync(run, task, attemptOf(task.Name), given[task.Name], cancellationToken)] = task;
            }
            if (running.Count == 0)
            {
                if (pending.Count > 0) // cannot happen for a validated DAG; never spin
                    throw new InvalidOperationException($"no task can start: {string.Join(", ", pending.Select(t => t.Name))}");
                continue;
            }
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            running.Remove(done);
            Finish(await done.ConfigureAwait(false));
        }

        var summary = new PipelineRunSummary(run, options.Clock.GetUtcNow(), Ordered());
        summary.Write();
        Raise(() => RunFinished?.Invoke(summary));
        return summary;
    }

    /// <summary>
    /// Runs each day from <paramref name="from"/> to <paramref name="to"/> in order, each in its own run folder,
    /// like a scheduler catching up. It stops after the first day that does not succeed, since later days build
    /// on earlier ones; the days run so far are returned.
    /// </summary>
    public async Task<IReadOnlyList<PipelineRunSummary>> RunRangeAsync(PipelineDefinition pipeline, DateOnly from, DateOnly to, PipelineSelection? selection = null, CancellationToken cancellationToken = default)
    {
        if (to < from) throw new UserFacingException($"the date range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        var summaries = new List<PipelineRunSummary>();
        for (var date = from; date <= to && !cancellationToken.IsCancellationRequested; date = date.AddDays(1))
        {
            var summary = await RunAsync(pipeline, date, selection, cancellationToken).ConfigureAwait(false);
            summaries.Add(summary);
            if (!summary.Succeeded) break;
        }
        return summaries;
    }

    /// <summary>The names of the tasks to run.</summary>
    public static IReadOnlySet<string> Select(PipelineDefinition pipeline, PipelineSelection selection)
    {
        if (selection.Only is not null && selection.From is not null)
            throw new UserFacingException("give either --only TASK or --from TASK, not both");
        if (selection.Only is { } only) return new HashSet<string> { pipeline[only].Name };
        if (selection.From is { } from) return pipeline.WithDescendants(from);
        return pipeline.Tasks.Select(t => t.Name).ToHashSet();
    }

    /// <summary>
    /// Which <c>-p</c> values each task gets: a value goes to the tasks whose notebook declares it. A value that no
    /// task declares goes to every task, so each warns about it (or, with <see cref="PipelineRunnerOptions.Strict"/>, fails).
    /// </summary>
    private Dictionary<string, Dictionary<string, string>> GivenParameters(IEnumerable<PipelineTask> tasks)
    {
        var declared = tasks.ToDictionary(t => t.Name, t => Declared(t.Notebook));
        return declared.ToDictionary(d => d.Key, d => options.Parameters
            .Where(p => d.Value.Contains(p.Key) || !declared.Values.Any(names => names.Contains(p.Key)))
            .ToDictionary(p => p.Key, p => p.Value));
    }

    private static HashSet<string> Declared(string notebook)
    {
        try
        {
            return NotebookParameters.Inspect(Ipynb.Notebook.Load(notebook)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (UserFacingException)
        {
            return []; // the task itself reports the unreadable notebook
        }
    }

    /// <summary>The executed notebook of a task's attempt: <c>TASK.ipynb</c>, or <c>TASK.N.ipynb</c> for attempt N ≥ 2 (its HTML beside it).</summary>
    public static string NotebookFileName(string task, int attempt) =>
        attempt <= 1 ? task + ".ipynb" : $"{task}.{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}.ipynb";

    private async Task<PipelineTaskResult> RunTaskAsync(PipelineRunInfo run, PipelineTask task, int attempt, IReadOnlyDictionary<string, string> given, CancellationToken cancellationToken)
    {
        await Task.Yield(); // start side by side even if the executor does synchronous work first
        var output = Path.Combine(run.RunDirectory, NotebookFileName(task.Name, attempt));
        var html = Path.ChangeExtension(output, ".html");
        var parameters = task.Parameters.ToDictionary(p => p.Key, p => RunPlaceholders.Fill(p.Value, run.Date, run.RunDirectory, run.RunId, task.Name));
        foreach (var (name, value) in given) parameters[name] = value;
        var start = options.Clock.GetUtcNow();
        var result = new PipelineTaskResult { Task = task.Name, Status = PipelineTaskStatus.Failed, Input = task.Notebook, Parameters = parameters, Start = start, Attempt = attempt };
        try
        {
            Raise(() => TaskStarted?.Invoke(new PipelineTaskStart(run, task, parameters, output, start, attempt)));
            var notebookResult = await executor.RunAsync(new NotebookRunOptions
            {
                InputPath = task.Notebook,
                OutputPath = output,
                Parameters = parameters,
                CellTimeout = options.CellTimeout,
                Strict = options.Strict,
                Context = new RunContext(run.RunDirectory, options.Store, run.RunId, task.Name, attempt),
            }, options.Observer?.Invoke(task), cancellationToken).ConfigureAwait(false);
            result = result with
            {
                Status = notebookResult.Succeeded ? PipelineTaskStatus.Succeeded
                    : notebookResult.Cancelled ? PipelineTaskStatus.Cancelled : PipelineTaskStatus.Failed,
                Error = notebookResult.Succeeded ? null : Describe(notebookResult),
                Warnings = notebookResult.Warnings,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = result with { Status = PipelineTaskStatus.Cancelled, Error = "cancelled" };
        }
        catch (UserFacingException e)
        {
            result = result with { Error = e.Message };
        }
        catch (Exception e)
        {
            // One broken task must not take the others down; the message is what a person needs first.
            result = result with { Error = $"{e.GetType().Name}: {e.Message}" };
        }

        if (File.Exists(output))
        {
            result = result with { Output = output };
            if (options.RenderHtml)
            {
                try
                {
                    NotebookHtmlRenderer.RenderFile(output, html, new NotebookRenderOptions { ReportMode = options.ReportMode, Title = task.Name });
                    result = result with { Html = html };
                }
                catch (UserFacingException e)
                {
                    result = result with { Error = (result.Error is null ? "" : result.Error + "; ") + "rendering HTML failed: " + e.Message };
                }
            }
        }
        return result with { End = options.Clock.GetUtcNow() };
    }

    private static string Describe(NotebookRunResult result)
    {
        if (result.Cancelled) return "cancelled";
        var cell = result.FailedCellIndex is null ? "" : " in " + FailedCell.Describe(result);
        return $"{result.ErrorName ?? "error"}{cell}: {result.ErrorMessage}";
    }

    private static PipelineTaskResult NotRun(PipelineTask task, PipelineTaskStatus status, string why) =>
        new() { Task = task.Name, Status = status, Input = task.Notebook, Error = why };

    private void Raise(Action raise)
    {
        lock (_events) raise();
    }
}
