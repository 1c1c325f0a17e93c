using System.Collections.Concurrent;
using System.Globalization;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Tracking;

namespace CreditPoC.Web.Services;

public static class JobKinds
{
    /// <summary>The whole DAG: accumulate, features, learn, inference, monitoring.</summary>
    public const string Pipeline = "pipeline";

    /// <summary>The day's features, inference with the Production model, and monitoring.</summary>
    public const string Inference = "inference";

    public static bool IsKnown(string? kind) => kind is Pipeline or Inference;
}

/// <summary>
/// Runs a day as a background job: the pipeline's own runner (<see cref="PipelineRunner"/>) with the server's executor
/// (<see cref="JobExecutor"/>; the CLI's runs cells in kernel processes), recorded in the run store like the CLI's runs. One job per date:
/// the run store's date lock is taken before the job is accepted, so a second start is refused at once, from this
/// server or from the CLI. Progress per task goes to the job's record, which the page polls; the job goes on when the
/// browser closes; a job that a stopped server left running is marked failed when the server starts again.
/// </summary>
public sealed class JobRunner(WebSettings settings, JobExecutor executor, RunStore runs, WebRecords records, AccessStore access,
    IHostApplicationLifetime lifetime, ILogger<JobRunner> log)
{
    private readonly ConcurrentDictionary<string, Task> _running = new();

    /// <summary>Jobs and task runs that a process which is gone left running become failed.</summary>
    public void RecoverInterrupted()
    {
        var jobs = records.FailInterruptedJobs();
        var repaired = runs.RepairAbandoned();
        if (jobs > 0 || repaired.TaskRuns > 0)
            log.LogWarning("marked {Jobs} interrupted job(s) and {Tasks} task run(s) failed", jobs, repaired.TaskRuns);
    }

    /// <summary>Starts a job, or throws a <see cref="UserFacingException"/> that says why not (unknown day, day already running).</summary>
    public string Start(DateOnly date, string kind, string user)
    {
        if (!JobKinds.IsKnown(kind)) throw new UserFacingException($"unknown job kind '{kind}': use {JobKinds.Pipeline} or {JobKinds.Inference}");
        var applications = settings.Daily.ApplicationsOf(date);
        if (!File.Exists(applications))
            throw new UserFacingException($"{date:yyyy-MM-dd} has no applications file ({Path.GetFileName(applications)}): upload the day's applications first");
        var pipeline = PipelineDefinition.Load(settings.PipelinePath);
        var selection = kind == JobKinds.Inference ? new PipelineSelection { From = "feature_engineering_test" } : PipelineSelection.All;
        var selected = PipelineRunner.Select(pipeline, selection);

        var id = "job-" + DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssfff", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var dateLock = runs.LockDate(date, id); // throws, naming the holder, when the day is already running
        try
        {
            records.StartJob(id, date, kind, user);
        }
        catch
        {
            dateLock.Dispose();
            throw;
        }
        access.Audit(user, "job.start", $"{kind} {date:yyyy-MM-dd}", id);
        var progress = new ConcurrentDictionary<string, string>(pipeline.Tasks.Where(t => selected.Contains(t.Name)).Select(t => KeyValuePair.Create(t.Name, "pending")));
        _running[id] = Task.Run(() => RunAsync(id, date, kind, pipeline, selection, progress, dateLock));
        return id;
    }

    /// <summary>Waits for a job of this server to end (for tests and shutdown).</summary>
    public Task WaitAsync(string id) => _running.TryGetValue(id, out var task) ? task : Task.CompletedTask;

    private async Task RunAsync(string id, DateOnly date, string kind, PipelineDefinition pipeline, PipelineSelection selection,
        ConcurrentDictionary<string, string> progress, IDisposable dateLock)
    {
        string? runId = null;
        var gate = new Lock();
        void Save()
        {
            lock (gate) records.UpdateJob(id, runId, new SortedDictionary<string, string>(progress, StringComparer.Ordinal));
        }
        try
        {
            var runner = new PipelineRunner(executor.Executor, new PipelineRunnerOptions
            {
                RunsDirectory = settings.RunsPath,
                StorePath = settings.StorePath,
                LockDate = (_, _) => NoLock.Instance, // the job holds the date's lock already
                Parameters = new Dictionary<string, string> { ["RAW_DIR"] = settings.RawPath }, // the days this server receives
                Observer = task => new CellProgress(task.Name, progress, Save),
            });
            _ = new PipelineRecorder(runs, runner);
            runner.RunStarted += run => { runId = run.RunId; Save(); };
            runner.TaskStarted += start => { progress[start.Task.Name] = "running"; Save(); };
            runner.TaskFinished += (_, result) =>
            {
                progress[result.Task] = result.Status.ToString().ToLowerInvariant() + (result.Error is null ? "" : ": " + result.Error);
                Save();
            };
            var summary = await runner.RunAsync(pipeline, date, selection, lifetime.ApplicationStopping);
            var failed = summary.Tasks.FirstOrDefault(t => t.Error is not null);
            records.FinishJob(id, summary.Succeeded ? JobStatus.Succeeded : JobStatus.Failed,
                summary.Succeeded ? null : failed is null ? summary.Status : $"{failed.Task}: {failed.Error}");
        }
        catch (Exception e)
        {
            log.LogError(e, "job {Id} failed", id);
            records.FinishJob(id, JobStatus.Failed, e is UserFacingException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            dateLock.Dispose();
            _running.TryRemove(id, out _);
        }
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();
        public void Dispose() { }
    }

    /// <summary>"cell 3 of 9" while a task runs.</summary>
    private sealed class CellProgress(string task, ConcurrentDictionary<string, string> progress, Action save) : INotebookRunObserver
    {
        public void NotebookStarted(string inputPath, int codeCellCount) { }

        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine)
        {
            progress[task] = $"running: cell {codeCellNumber} of {codeCellCount}";
            save();
        }

        public void CellOutput(string text, bool isError) { }

        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration) { }

        public void NotebookFinished(NotebookRunResult result) { }
    }
}
