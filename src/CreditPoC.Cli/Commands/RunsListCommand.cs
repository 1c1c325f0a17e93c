using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class RunsListCommand : ICliCommand
{
    public string Name => "runs list";
    public string Summary => "list recorded task runs, newest first";
    public string Usage => "creditpoc runs list [--limit N] [--pipeline-run ID] [--store PATH]\n" + StoreOptions.Help;
    public OptionSpec Options { get; } = new OptionSpec().Value("limit").Value("pipeline-run").WithStore();

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var store = new RunStore(StoreOptions.Open(args));
        store.MarkAbandonedRunsFailed();
        var runs = store.ListRuns(args.GetInt("limit", 20), args.Get("pipeline-run"));
        output.WriteLine($"{"id",5}  {"task",-26} {"status",-10} {"started (UTC)",-20} {"seconds",8}  pipeline run");
        foreach (var run in runs)
        {
            var seconds = run.EndedAt is { } end ? (end - run.StartedAt).TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "";
            output.WriteLine($"{run.Id,5}  {Clip(run.Task, 26),-26} {run.Status,-10} {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} {seconds,8}  {run.PipelineRunId}");
        }
        if (runs.Count == 0) output.WriteLine("(no runs recorded)");
        return 0;
    }

    private static string Clip(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
