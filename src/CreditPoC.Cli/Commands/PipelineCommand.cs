using System.Globalization;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc pipeline</c>: run the DAG of notebooks for a date (or a range of dates) in one process.</summary>
public sealed class PipelineCommand : ICliCommand
{
    private static readonly string[] DateForms = ["yyyy-MM-dd", "yyyyMMdd"];

    public string Name => "pipeline";

    public string Summary => "run the pipeline of notebooks for a date or a range of dates; one folder per run";

    public string Usage => """
        creditpoc pipeline --date D [--file parameters/pipeline.yaml] [--only TASK | --from TASK] [--runs-dir runs]
                           [-p NAME VALUE]... [--max-parallel N] [--execution-timeout SECONDS] [--log-output] [--report-mode]
        creditpoc pipeline --from D1 --to D2 [...]    runs each day from D1 to D2 in order, stopping after a day that fails
          --date               the run date, yyyy-MM-dd or yyyyMMdd; fills {date} in the tasks' parameters
          --file               the pipeline YAML (default: parameters/pipeline.yaml)
          --only TASK          run just this task (its dependencies are taken as done)
          --from TASK|DATE     a task name: run that task and all that depend on it;
                               a date: the start of a range that --to ends
          --runs-dir           where run folders go: RUNS/<date>/<run-id>/ (default: runs)
          -p, --parameter      a value for every task; wins over the YAML
          --max-parallel       how many independent tasks run side by side (default: the YAML's max_parallel, else 2)
          --store              the run store that records runs and models (default: RUNS/creditpoc.db)
        exit code: 0 every task succeeded, 1 a task failed or was skipped, 2 bad arguments, 130 cancelled (Ctrl+C)
        """;

    public OptionSpec Options { get; } = new OptionSpec()
        .Value("date").Value("file").Value("only").Value("from").Value("to").Value("runs-dir")
        .Repeated("parameter", 2, "p").Value("max-parallel").Value("execution-timeout").Flag("log-output").Flag("report-mode").Value("store");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positional.Count > 0) throw CliError.Usage($"unexpected argument '{args.Positional[0]}'");
        var from = args.Get("from");
        var rangeStart = from is not null && TryDate(from, out var d1) ? d1 : (DateOnly?)null;
        DateOnly start, end;
        if (rangeStart is { } first)
        {
            if (args.Has("date")) throw CliError.Usage("give either --date D or a range --from D1 --to D2, not both");
            end = args.GetDate("to") ?? throw CliError.Usage($"--from {from} is a date, so it starts a range: give --to as well");
            if (end < first) throw CliError.Usage($"--to {args.Get("to")} is before --from {from}");
            start = first;
        }
        else
        {
            if (args.Has("to")) throw CliError.Usage("--to ends a date range and needs --from with a date");
            start = end = args.GetDate("date") ?? throw CliError.Usage("missing required option --date (or a range --from D1 --to D2)");
        }
        var selection = new PipelineSelection { Only = args.Get("only"), From = rangeStart is null ? from : null };
        if (selection.Only is not null && selection.From is not null) throw CliError.Usage("give either --only TASK or --from TASK, not both");

        PipelineDefinition pipeline;
        try
        {
            pipeline = PipelineDefinition.Load(args.Get("file") ?? Path.Combine("parameters", "pipeline.yaml"));
            PipelineRunner.Select(pipeline, selection); // an unknown task name is a usage error, before anything runs
        }
        catch (UserFacingException e)
        {
            throw CliError.Usage(e.Message);
        }
        var maxParallel = args.Has("max-parallel") ? args.GetInt("max-parallel", 2) : (int?)null;
        if (maxParallel < 1) throw CliError.Usage("--max-parallel must be at least 1");

        var progress = NotebookEngine.Progress(output, args.Has("log-output"));
        var runsDirectory = args.Get("runs-dir") ?? "runs";
        var store = new RunStore(args.Get("store") ?? Path.Combine(runsDirectory, "creditpoc.db"));
        var runner = new PipelineRunner(NotebookEngine.CreateExecutor(), new PipelineRunnerOptions
        {
            RunsDirectory = runsDirectory,
            MaxParallel = maxParallel,
            Parameters = NotebookEngine.Parameters(args),
            ReportMode = args.Has("report-mode"),
            CellTimeout = NotebookEngine.CellTimeout(args),
            Observer = task => progress.ForNotebook(task.Name),
            StorePath = store.Database.Path,
            LockDate = store.LockDate,
        });
        _ = new PipelineRecorder(store, runner);
        runner.RunStarted += run => progress.WriteLine($"pipeline {NotebookEngine.Show(run.PipelineFile)} for {run.Date:yyyy-MM-dd}: run {run.RunId} in {NotebookEngine.Show(run.RunDirectory)}");

        IReadOnlyList<PipelineRunSummary> summaries;
        using (var ctrlC = NotebookEngine.CancelOnCtrlC(error))
            summaries = runner.RunRangeAsync(pipeline, start, end, selection, ctrlC.Token).GetAwaiter().GetResult();

        foreach (var summary in summaries) PrintTable(summary, output);
        var last = summaries[^1];
        if (summaries.Count > 1 || start != end)
        {
            var notRun = end.DayNumber - start.DayNumber + 1 - summaries.Count;
            output.WriteLine($"{summaries.Count(s => s.Succeeded)} of {end.DayNumber - start.DayNumber + 1} days succeeded" +
                             (notRun > 0 ? $"; stopped after {last.Run.Date:yyyy-MM-dd}, {notRun} later day(s) not run" : ""));
        }
        if (summaries.All(s => s.Succeeded)) return 0;
        return summaries.Any(s => s.Status == "cancelled") ? 130 : 1;
    }

    private static void PrintTable(PipelineRunSummary summary, TextWriter output)
    {
        var rows = summary.Tasks.Select(t => (t.Task, Status: t.Status.ToString().ToLowerInvariant(),
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

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
