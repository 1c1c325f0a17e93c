using CreditPoC.Tracking;
using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Kernel.Client;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Pipelines;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// One day (or a range of days) of the trial pipeline end to end, as <c>creditpoc pipeline</c> runs it: with the
/// settings' executor (the CLI's default: a kernel process per notebook, with a warm spare) and then, for the figure
/// beside it, in process. Engine overhead of a notebook = its task's wall time minus the time its cells ran; the first notebook
/// also pays the compiler's start-up, so the target is on the notebooks after it. The notebooks read the daily files
/// their parameters point at (data/raw/applications and outcomes from <c>creditpoc data split</c>).
/// </summary>
internal sealed class PipelineStep : IBenchStep
{
    public string Name => "pipeline";

    public string Description => "one day of the trial pipeline, end to end (creditpoc pipeline)";

    public int Order => 90;

    public StepResult Run(BenchContext context)
    {
        const string target = "engine overhead per notebook after the first ≤ 1.5 s in a kernel process (≤ 1 s in process)";
        var root = context.Settings.RepositoryRoot;
        var yaml = Path.Combine(root, "parameters", "pipeline.yaml");
        var trial = Path.Combine(root, "notebooks", "trial");
        if (!File.Exists(yaml) || !Directory.Exists(trial) || Directory.GetFiles(trial, "*.ipynb").Length == 0)
            return StepResults.Skipped(this, "skipped: no trial notebooks", target);
        if (ChooseDays(context.Settings, root) is not var (from, to))
            return StepResults.Skipped(this, $"skipped: no daily files under {Path.Combine(root, "data", "raw", DailySplitter.ApplicationsFolder)} " +
                                             "(run `creditpoc data split` first) and no --pipeline-date given", target);

        var pipeline = PipelineDefinition.Load(yaml);
        var executor = context.Settings.NotebookExecutor;
        var engine = executor is KernelProcessExecutor ? "a kernel process per notebook" : executor is NotebookRunner ? "in process" : "the given executor";
        var run = RunPipeline(context, executor, pipeline, from, to, "pipeline-runs");
        var figures = new Dictionary<string, double>
        {
            ["days"] = to.DayNumber - from.DayNumber + 1,
            ["notebooks"] = run.Tasks.Count,
            ["failed_days"] = run.Summaries.Count(s => !s.Succeeded),
        };
        var notes = new List<string>
        {
            $"cells ran in {engine}; days {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: " + string.Join("; ", run.Summaries.Select(s => $"{s.Run.Date:yyyy-MM-dd} {s.Status}")),
        };
        foreach (var (task, cellSeconds) in run.Tasks)
            notes.Add($"{task.Task}: {task.Status.ToString().ToLowerInvariant()} {task.Duration!.Value.TotalSeconds:F2} s, cells {cellSeconds:F2} s" +
                      (task.Error is null ? "" : $" ({task.Error})"));
        ReportGate(run.Store, run.Started, figures, notes);
        bool? met = null;
        var overheads = run.Overheads;
        if (overheads.Count > 0) figures["first_notebook_overhead_s"] = overheads[0];
        if (overheads.Count > 1)
        {
            var later = overheads.Skip(1).ToList();
            figures["overhead_after_first_median_s"] = Stats.Median(later);
            figures["overhead_after_first_max_s"] = later.Max();
            met = later.Max() <= (executor is KernelProcessExecutor ? KernelProcessLimit : InProcessLimit);
            notes.Add($"engine overhead ({engine}): first notebook {overheads[0]:F2} s; after it median {Stats.Median(later):F2} s, max {later.Max():F2} s " +
                      "(max_parallel tasks overlap, so the day's wall time is less than the sum)");
        }
        if (executor is KernelProcessExecutor)
        {
            // Today's in-process figure beside it, in the same bench run (the machine's load changes between runs).
            var inProcess = RunPipeline(context, new NotebookRunner(), pipeline, from, to, "pipeline-runs-in-process");
            figures["in_process_seconds"] = inProcess.Timings.Median;
            if (inProcess.Overheads.Count > 1)
            {
                var later = inProcess.Overheads.Skip(1).ToList();
                figures["in_process_overhead_after_first_median_s"] = Stats.Median(later);
                figures["in_process_overhead_after_first_max_s"] = later.Max();
                notes.Add($"in process, same days, same bench run: {inProcess.Timings.Median:F2} s for the day(s); engine overhead first notebook " +
                          $"{inProcess.Overheads[0]:F2} s, after it median {Stats.Median(later):F2} s, max {later.Max():F2} s");
            }
        }
        var timings = run.Timings;
        return StepResults.From(this, timings, 0, perRow: false, target: target, met: met, figures: figures, notes: notes);
    }

    private const double KernelProcessLimit = 1.5;
    private const double InProcessLimit = 1.0;

    private sealed record PipelineRun(Timings Timings, IReadOnlyList<PipelineRunSummary> Summaries, List<(PipelineTaskResult Task, double CellSeconds)> Tasks,
        List<double> Overheads, string Store, DateTimeOffset Started);

    private static PipelineRun RunPipeline(BenchContext context, INotebookExecutor executor, PipelineDefinition pipeline, DateOnly from, DateOnly to, string folder)
    {
        var cells = new Dictionary<string, CellClock>(StringComparer.Ordinal);
        var tasks = new List<(PipelineTaskResult Task, double CellSeconds)>();
        IReadOnlyList<PipelineRunSummary>? summaries = null;
        var runner = new PipelineRunner(executor, new PipelineRunnerOptions
        {
            RunsDirectory = Path.Combine(context.WorkDirectory, folder),
            Observer = task =>
            {
                lock (cells) return cells[task.Name] = new CellClock();
            },
        });
        // Record the runs as `creditpoc pipeline` does: the notebooks find their run records through it.
        var store = Path.Combine(context.WorkDirectory, folder, "creditpoc.db");
        _ = new PipelineRecorder(new RunStore(store), runner);
        var started = DateTimeOffset.UtcNow;
        runner.TaskFinished += (_, result) =>
        {
            lock (cells) tasks.Add((result, cells.TryGetValue(result.Task, out var clock) ? clock.Seconds : 0));
        };
        var timings = Measure.Run(context, 1,
            () => summaries = runner.RunRangeAsync(pipeline, from, to).GetAwaiter().GetResult(), skipWarmUp: true);
        var ran = tasks.Where(t => t.Task.Duration is not null).OrderBy(t => t.Task.Start).ToList();
        var overheads = ran.Select(t => t.Task.Duration!.Value.TotalSeconds - t.CellSeconds).ToList();
        return new PipelineRun(timings, summaries!, ran, overheads, store, started);
    }

    /// <summary>
    /// The quality gate's verdict on the newest model learned during the step (registered in the step's run store),
    /// and which version serves: the figures that say whether the day's model may decide.
    /// </summary>
    private static void ReportGate(string store, DateTimeOffset started, Dictionary<string, double> figures, List<string> notes)
    {
        if (!File.Exists(store)) return;
        var registry = new ModelRegistry(store);
        var learned = registry.List().FirstOrDefault(m => m.CreatedAt >= started.AddSeconds(-1));
        if (learned is null)
        {
            notes.Add("quality gate: no model was learned");
            return;
        }
        var serving = registry.Serving();
        figures["gate_passed"] = learned.GatePassed == false ? 0 : 1;
        figures["serving"] = serving is null ? 0 : 1;
        foreach (var (metric, figure) in new[] { ("auc", "validation_auc"), ("train_auc", "train_auc"), ("auc_gap", "auc_gap"), ("train_rows", "train_rows"), ("rounds", "rounds") })
            if (learned.Metrics.TryGetValue(metric, out var value)) figures[figure] = value;
        string Metric(string name, string format = "F4") => learned.Metrics.TryGetValue(name, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "?";
        notes.Add($"quality gate: model version {learned.Version} " +
                  (learned.GatePassed == false ? $"FAILED ({string.Join("; ", learned.GateReasons)})" : "passed") +
                  $"; validation AUC {Metric("auc")}, train AUC {Metric("train_auc")}, gap {Metric("auc_gap")} on {Metric("train_rows", "N0")} training rows; " +
                  (serving is null ? "no model may serve" : $"version {serving.Version} serves"));
    }

    private static (DateOnly From, DateOnly To)? ChooseDays(BenchSettings settings, string root)
    {
        if (settings.PipelineFrom is { } from) return (from, settings.PipelineTo ?? from);
        var folder = Path.Combine(root, "data", "raw", DailySplitter.ApplicationsFolder);
        if (!Directory.Exists(folder)) return null;
        var days = Directory.GetFiles(folder, "*.csv").Concat(Directory.GetFiles(folder, "*.parquet"))
            .Select(f => DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(f), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .OfType<DateOnly>().ToList();
        return days.Count == 0 ? null : (days.Max(), days.Max()); // the last day: everything accumulated
    }

    /// <summary>Adds up the cell times of one notebook.</summary>
    private sealed class CellClock : INotebookRunObserver
    {
        private double _seconds;

        public double Seconds => Volatile.Read(ref _seconds);

        public void NotebookStarted(string inputPath, int codeCellCount) { }
        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine) { }
        public void CellOutput(string text, bool isError) { }
        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration) => _seconds += duration.TotalSeconds;
        public void NotebookFinished(NotebookRunResult result) { }
    }
}
