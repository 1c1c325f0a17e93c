using CreditPoC.Tracking;
using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Pipelines;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// One day (or a range of days) of the trial pipeline end to end, as <c>creditpoc pipeline</c> runs it, in this
/// process. Engine overhead of a notebook = its task's wall time minus the time its cells ran; the first notebook
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
        const string target = "engine overhead ≤ 1 s per notebook after the first";
        var root = context.Settings.RepositoryRoot;
        var yaml = Path.Combine(root, "parameters", "pipeline.yaml");
        var trial = Path.Combine(root, "notebooks", "trial");
        if (!File.Exists(yaml) || !Directory.Exists(trial) || Directory.GetFiles(trial, "*.ipynb").Length == 0)
            return StepResults.Skipped(this, "skipped: no trial notebooks", target);
        if (ChooseDays(context.Settings, root) is not var (from, to))
            return StepResults.Skipped(this, $"skipped: no daily files under {Path.Combine(root, "data", "raw", DailySplitter.ApplicationsFolder)} " +
                                             "(run `creditpoc data split` first) and no --pipeline-date given", target);

        var pipeline = PipelineDefinition.Load(yaml);
        var cells = new Dictionary<string, CellClock>(StringComparer.Ordinal);
        var tasks = new List<(PipelineTaskResult Task, double CellSeconds)>();
        IReadOnlyList<PipelineRunSummary>? summaries = null;
        var runner = new PipelineRunner(context.Settings.NotebookExecutor, new PipelineRunnerOptions
        {
            RunsDirectory = Path.Combine(context.WorkDirectory, "pipeline-runs"),
            Observer = task =>
            {
                lock (cells) return cells[task.Name] = new CellClock();
            },
        });
        // Record the runs as `creditpoc pipeline` does: the notebooks find their run records through it.
        var store = Path.Combine(context.WorkDirectory, "pipeline-runs", "creditpoc.db");
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
        var figures = new Dictionary<string, double>
        {
            ["days"] = to.DayNumber - from.DayNumber + 1,
            ["notebooks"] = ran.Count,
            ["failed_days"] = summaries!.Count(s => !s.Succeeded),
        };
        var notes = new List<string> { $"days {from:yyyy-MM-dd}..{to:yyyy-MM-dd}: " + string.Join("; ", summaries!.Select(s => $"{s.Run.Date:yyyy-MM-dd} {s.Status}")) };
        foreach (var (task, cellSeconds) in ran)
            notes.Add($"{task.Task}: {task.Status.ToString().ToLowerInvariant()} {task.Duration!.Value.TotalSeconds:F2} s, cells {cellSeconds:F2} s" +
                      (task.Error is null ? "" : $" ({task.Error})"));
        ReportGate(store, started, figures, notes);
        bool? met = null;
        if (overheads.Count > 0) figures["first_notebook_overhead_s"] = overheads[0];
        if (overheads.Count > 1)
        {
            var later = overheads.Skip(1).ToList();
            figures["overhead_after_first_median_s"] = Stats.Median(later);
            figures["overhead_after_first_max_s"] = later.Max();
            met = later.Max() <= 1.0;
            notes.Add($"engine overhead: first notebook {overheads[0]:F2} s; after it median {Stats.Median(later):F2} s, max {later.Max():F2} s " +
                      "(max_parallel tasks overlap, so the day's wall time is less than the sum)");
        }
        return StepResults.From(this, timings, 0, perRow: false, target: target, met: met, figures: figures, notes: notes);
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
