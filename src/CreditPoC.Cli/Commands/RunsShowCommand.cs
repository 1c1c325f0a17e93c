using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class RunsShowCommand : ICliCommand
{
    public string Name => "runs show";
    public string Summary => "show one run: parameters, metrics, artifacts, input fingerprints";
    public string Usage => "creditpoc runs show RUN_ID [--store PATH]\n" + StoreOptions.Help;
    public OptionSpec Options { get; } = new OptionSpec().WithStore();

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positional.Count != 1 || !long.TryParse(args.Positional[0], out var id))
            throw CliError.Usage("give one run id (a number from 'creditpoc runs list')");
        var store = new RunStore(StoreOptions.Open(args));
        store.MarkAbandonedRunsFailed();
        var run = store.GetRun(id) ?? throw new CliError($"run {id} is not in the run store {store.Database.Path}");
        output.WriteLine(StoreOptions.Json(run));
        return 0;
    }
}
