using System.Globalization;
using System.Text.RegularExpressions;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>
/// A rerun of some tasks in an earlier run's folder (<c>pipeline --resume RUN --only TASK</c>): which run, its date
/// and folder, the attempt each task to rerun gets, and this rerun's own number among the run's attempts (its
/// summary is <c>summary.N.json</c>).
/// </summary>
public sealed record PipelineResume(string RunId, DateOnly Date, string RunDirectory, IReadOnlyDictionary<string, int> Attempts, int RunAttempt)
{
    /// <summary>Artifacts every task records (its executed notebook and page): not inputs of the tasks after it.</summary>
    private static readonly HashSet<string> EngineArtifacts = ["notebook", "html"];

    /// <summary>
    /// Checks that the tasks of <paramref name="selection"/> can be rerun in run <paramref name="runId"/> and gives
    /// each its next attempt. The run must be in the store and its folder on disk; every task a selected task depends
    /// on (and that is not rerun with it) must have succeeded in that run, with the files it recorded still there.
    /// Nothing is written: a refusal leaves the run as it was.
    /// </summary>
    /// <exception cref="UserFacingException">Unknown run (<see cref="UnknownRun"/>), another date, a missing folder, an
    /// upstream task that did not succeed there or whose files are gone; one line naming the run, the task and the file.</exception>
    public static PipelineResume Plan(RunStore store, PipelineDefinition pipeline, string runId, DateOnly? date, PipelineSelection selection)
    {
        var run = store.GetPipelineRun(runId) ?? throw new UnknownRun(
            $"--resume {runId}: no pipeline run with that id in the run store {store.Database.Path}; " +
            "give a pipeline run id from 'creditpoc runs list' (its last column)");
        if (date is { } day && day != run.RunDate)
            throw new UnknownRun($"--resume {runId}: that run is the run of {run.RunDate:yyyy-MM-dd}, not of --date {day:yyyy-MM-dd}; " +
                                 $"give --date {run.RunDate:yyyy-MM-dd} or leave --date out");
        if (!Directory.Exists(run.Folder))
            throw new UserFacingException($"--resume {runId}: the run's folder {run.Folder} does not exist any more: there is nothing to rerun in");

        var selected = PipelineRunner.Select(pipeline, selection);
        var latest = store.LatestAttempts(runId);
        foreach (var task in pipeline.Tasks.Where(t => selected.Contains(t.Name)))
        {
            foreach (var upstream in task.DependsOn.Where(d => !selected.Contains(d)))
            {
                var again = $"rerun it first: creditpoc pipeline --resume {runId} --only {upstream}";
                if (!latest.TryGetValue(upstream, out var done))
                    throw new UserFacingException($"cannot rerun {task.Name} in run {runId}: it reads what {upstream} writes, and {upstream} never ran in that run; {again}");
                if (done.Status != RunStatus.Succeeded)
                    throw new UserFacingException($"cannot rerun {task.Name} in run {runId}: it reads what {upstream} writes, and {upstream}'s latest attempt ({done.Attempt}) {done.Status}; {again}");
                foreach (var (name, file) in done.Artifacts.Where(a => !EngineArtifacts.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal))
                    if (!File.Exists(file) && !Directory.Exists(file))
                        throw new UserFacingException($"cannot rerun {task.Name} in run {runId}: {file} ({name}, written by {upstream} attempt {done.Attempt}) is missing; {again}");
            }
        }

        var attempts = selected.ToDictionary(task => task,
            task => Math.Max(store.LastAttempt(runId, task), HighestInFolder(run.Folder, Regex.Escape(task), ".ipynb")) + 1, StringComparer.Ordinal);
        var runAttempt = HighestInFolder(run.Folder, "summary", ".json") + 1;
        return new PipelineResume(runId, run.RunDate, run.Folder, attempts, Math.Max(2, runAttempt));
    }

    /// <summary>The highest attempt among <c>NAME.EXT</c> (1) and <c>NAME.N.EXT</c> (N) in the folder; 0 when there is none.</summary>
    private static int HighestInFolder(string folder, string namePattern, string extension)
    {
        var pattern = new Regex($"^{namePattern}(?:\\.([0-9]+))?{Regex.Escape(extension)}$", RegexOptions.CultureInvariant);
        var highest = 0;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            var match = pattern.Match(Path.GetFileName(file));
            if (!match.Success) continue;
            var attempt = match.Groups[1].Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
            highest = Math.Max(highest, attempt);
        }
        return highest;
    }

    /// <summary>The run to resume is not in the store, or is another date's: a bad argument.</summary>
    public sealed class UnknownRun(string message) : UserFacingException(message);
}
