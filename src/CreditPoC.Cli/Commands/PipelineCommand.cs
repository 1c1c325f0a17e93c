using System.CommandLine;
using System.Globalization;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc pipeline</c>: run the DAG of notebooks for a date (or a range of dates) in one process.</summary>
public sealed class PipelineCommand : CliVerb
{
    private readonly Option<DateOnly?> _date = CliOptions.Date("--date", "the run date, yyyy-MM-dd or yyyyMMdd; fills {date} in the tasks' parameters");
    private readonly Option<string?> _file = CliOptions.Text("--file", "PIPELINE.yaml", "the pipeline YAML (default: parameters/pipeline.yaml)");
    private readonly Option<string?> _only = CliOptions.Text("--only", "TASK", "run just this task (its dependencies are taken as done)");
    private readonly Option<string?> _from = CliOptions.Text("--from", "TASK|DATE",
        "a task name: run that task and all that depend on it; a date: the start of a range that --to ends");
    private readonly Option<DateOnly?> _to = CliOptions.Date("--to", "with --from DATE: the last day of the range");
    private readonly Option<string?> _runsDir = CliOptions.Text("--runs-dir", "DIR", "where run folders go: RUNS/<date>/<run-id>/ (default: runs)");
    private readonly PairOption _parameters = new("--parameter", "a value for every task; wins over the YAML", "-p");
    private readonly Option<int?> _maxParallel = CliOptions.WholeNumber("--max-parallel",
        "how many independent tasks run side by side (default: the YAML's max_parallel, else 2)");
    private readonly Option<double?> _timeout = CliOptions.Number("--execution-timeout", "SECONDS", "the limit for one cell, in seconds");
    private readonly Option<bool> _logOutput = CliOptions.Flag("--log-output", "print what cells write as they run");
    private readonly Option<bool> _reportMode = CliOptions.Flag("--report-mode", "hide code in the tasks' HTML");
    private readonly Option<bool> _strict = CliOptions.Flag("--strict", "a -p parameter that a task's notebook does not declare fails that task, instead of a warning");
    private readonly Option<string?> _store = CliOptions.Text("--store", "PATH", "the run store that records runs and models (default: RUNS/creditpoc.db)");
    private readonly Option<bool> _inProcess = NotebookEngine.InProcessOption();
    private readonly Option<string?> _resume = CliOptions.Text("--resume", "RUN_ID",
        "rerun --only TASK (or --from TASK) in this earlier run's folder, reading the files its upstream tasks wrote there");

    public PipelineCommand() : base("pipeline", "run the pipeline of notebooks for a date or a range of dates; one folder per run") =>
        Declare(_date, _file, _only, _from, _to, _resume, _runsDir, _parameters, _strict, _maxParallel, _timeout, _logOutput, _reportMode, _store, _inProcess);

    public override string Notes => """
        Each task's cells run in a kernel process of its own: a task whose kernel dies fails, the others go on.
          --in-process runs them all inside this process instead.
        --from D1 --to D2 instead of --date runs each day from D1 to D2 in order, stopping after a day that fails.
        --resume RUN_ID --only TASK reruns TASK in run RUN_ID's folder as its next attempt: its files carry the attempt
          number (features_train.2.parquet, learn.2.ipynb), later tasks read the newest attempt, nothing earlier is overwritten.
        exit code: 0 every task succeeded, 1 a task failed or was skipped, 2 bad arguments, 130 cancelled (Ctrl+C), 143 terminated (SIGTERM)
        """;

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var from = args.GetValue(_from);
        var rangeStart = from is not null && CliOptions.TryDate(from, out var d1) ? d1 : (DateOnly?)null;
        var resume = args.GetValue(_resume);
        DateOnly start, end;
        if (resume is not null)
        {
            if (rangeStart is not null || args.GetValue(_to) is not null) throw CliError.Usage("--resume reruns tasks of one earlier run: give no date range (--from DATE --to DATE)");
            if (args.GetValue(_only) is null && from is null) throw CliError.Usage($"--resume {resume} needs the task to rerun: --only TASK (or --from TASK for it and the tasks after it)");
            start = end = args.GetValue(_date) ?? default;
        }
        else if (rangeStart is { } first)
        {
            if (args.GetValue(_date) is not null) throw CliError.Usage("give either --date D or a range --from D1 --to D2, not both");
            end = args.GetValue(_to) ?? throw CliError.Usage($"--from {from} is a date, so it starts a range: give --to as well");
            if (end < first) throw CliError.Usage($"--to {end:yyyy-MM-dd} is before --from {from}");
            start = first;
        }
        else
        {
            if (args.GetValue(_to) is not null) throw CliError.Usage("--to ends a date range and needs --from with a date");
            start = end = args.GetValue(_date) ?? throw CliError.Usage("missing required option --date (or a range --from D1 --to D2)");
        }
        var selection = new PipelineSelection { Only = args.GetValue(_only), From = rangeStart is null ? from : null };
        if (selection.Only is not null && selection.From is not null) throw CliError.Usage("give either --only TASK or --from TASK, not both");

        PipelineDefinition pipeline;
        try
        {
            pipeline = PipelineDefinition.Load(args.GetValue(_file) ?? Path.Combine("parameters", "pipeline.yaml"));
            PipelineRunner.Select(pipeline, selection); // an unknown task name is a usage error, before anything runs
        }
        catch (UserFacingException e)
        {
            throw CliError.Usage(e.Message);
        }
        var maxParallel = args.GetValue(_maxParallel);
        if (maxParallel < 1) throw CliError.Usage("--max-parallel must be at least 1");

        var progress = NotebookEngine.Progress(output, args.GetValue(_logOutput));
        var runsDirectory = args.GetValue(_runsDir) ?? "runs";
        var store = new RunStore(args.GetValue(_store) ?? Path.Combine(runsDirectory, "creditpoc.db"));
        PipelineResume? plan = null;
        if (resume is not null)
        {
            try
            {
                plan = PipelineResume.Plan(store, pipeline, resume, args.GetValue(_date), selection);
            }
            catch (PipelineResume.UnknownRun e)
            {
                throw CliError.Usage(e.Message);
            }
            start = end = plan.Date;
        }
        var executor = NotebookEngine.CreateExecutor(args.GetValue(_inProcess));
        using var disposeExecutor = executor as IDisposable;
        var runner = new PipelineRunner(executor, new PipelineRunnerOptions
        {
            RunsDirectory = runsDirectory,
            MaxParallel = maxParallel,
            Parameters = NotebookEngine.Parameters(null, args.GetValue(_parameters)),
            ReportMode = args.GetValue(_reportMode),
            CellTimeout = NotebookEngine.CellTimeout(args.GetValue(_timeout)),
            Observer = task => progress.ForNotebook(task.Name),
            Strict = args.GetValue(_strict),
            StorePath = store.Database.Path,
            LockDate = store.LockDate,
        });
        _ = new PipelineRecorder(store, runner);
        runner.RunStarted += run => progress.WriteLine(run.Resumed
            ? $"pipeline {NotebookEngine.Show(run.PipelineFile)} for {run.Date:yyyy-MM-dd}: rerunning in run {run.RunId} ({NotebookEngine.Show(run.RunDirectory)}), " +
              string.Join(", ", plan!.Attempts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} attempt {a.Value}"))
            : $"pipeline {NotebookEngine.Show(run.PipelineFile)} for {run.Date:yyyy-MM-dd}: run {run.RunId} in {NotebookEngine.Show(run.RunDirectory)}");

        IReadOnlyList<PipelineRunSummary> summaries;
        var ctrlC = NotebookEngine.CancelOnCtrlC(error);
        using (ctrlC)
            summaries = plan is not null
                ? [runner.ResumeAsync(pipeline, plan, selection, ctrlC.Token).GetAwaiter().GetResult()]
                : runner.RunRangeAsync(pipeline, start, end, selection, ctrlC.Token).GetAwaiter().GetResult();

        foreach (var summary in summaries) PrintTable(summary, output);
        var last = summaries[^1];
        if (summaries.Count > 1 || start != end)
        {
            var notRun = end.DayNumber - start.DayNumber + 1 - summaries.Count;
            output.WriteLine($"{summaries.Count(s => s.Succeeded)} of {end.DayNumber - start.DayNumber + 1} days succeeded" +
                             (notRun > 0 ? $"; stopped after {last.Run.Date:yyyy-MM-dd}, {notRun} later day(s) not run" : ""));
        }
        if (summaries.All(s => s.Succeeded)) return 0;
        return summaries.Any(s => s.Status == "cancelled") ? ctrlC.CancelledExitCode : 1;
    }

    private static void PrintTable(PipelineRunSummary summary, TextWriter output)
    {
        var rows = summary.Tasks.Select(t => (Task: t.Attempt > 1 ? $"{t.Task} (attempt {t.Attempt})" : t.Task, Status: t.Status.ToString().ToLowerInvariant(),
            Duration: t.Duration is { } d ? Seconds(d) : "-",
            Output: (t.Html ?? t.Output) is { } path ? NotebookEngine.Show(path) : "-")).ToList();
        var taskWidth = Math.Max(4, rows.Max(r => r.Task.Length));
        output.WriteLine();
        output.WriteLine($"{summary.Run.Date:yyyy-MM-dd}  run {summary.Run.RunId}: {summary.Status}");
        output.WriteLine($"{"task".PadRight(taskWidth)}  {"status",-9}  {"duration",9}  output");
        foreach (var row in rows)
            output.WriteLine($"{row.Task.PadRight(taskWidth)}  {row.Status,-9}  {row.Duration,9}  {row.Output}");
        foreach (var task in summary.Tasks)
        {
            if (task.Error is not null) output.WriteLine($"  {task.Task}: {task.Error}");
            foreach (var warning in task.Warnings) output.WriteLine($"  {task.Task}: warning: {warning}");
        }
        output.WriteLine($"summary: {NotebookEngine.Show(summary.SummaryPath)}");
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
