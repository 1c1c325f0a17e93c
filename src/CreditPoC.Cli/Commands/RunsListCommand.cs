using System.CommandLine;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class RunsListCommand : CliVerb
{
    private readonly Option<int?> _limit = CliOptions.WholeNumber("--limit", "how many runs to list (default 20)");
    private readonly Option<string?> _pipelineRun = CliOptions.Text("--pipeline-run", "ID", "only the tasks of this pipeline run");
    private readonly Option<string?> _store = StoreOptions.Store();

    public RunsListCommand() : base("runs list", "list recorded task runs, newest first") => Declare(_limit, _pipelineRun, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var store = new RunStore(StoreOptions.Open(args.GetValue(_store)));
        SummaryRepair.RepairAbandoned(store); // a run killed mid-way is failed, in the store and in its summary.json
        var runs = store.ListRuns(args.GetValue(_limit) ?? 20, args.GetValue(_pipelineRun));
        output.WriteLine($"{"id",5}  {"task",-26} {"attempt",7}  {"status",-10} {"started (UTC)",-20} {"seconds",8}  pipeline run");
        foreach (var run in runs)
        {
            var seconds = run.EndedAt is { } end ? (end - run.StartedAt).TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "";
            output.WriteLine($"{run.Id,5}  {Clip(run.Task, 26),-26} {run.Attempt,7}  {run.Status,-10} {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} {seconds,8}  {run.PipelineRunId}");
        }
        if (runs.Count == 0) output.WriteLine("(no runs recorded)");
        return 0;
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
