using System.CommandLine;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class RunsShowCommand : CliVerb
{
    private readonly Argument<long> _id = new("RUN_ID")
    {
        Description = "the run (a number from 'creditpoc runs list')",
        CustomParser = result =>
        {
            if (long.TryParse(result.Tokens[0].Value, out var id)) return id;
            result.AddError($"give one run id (a number from 'creditpoc runs list'), got '{result.Tokens[0].Value}'");
            return 0;
        },
    };
    private readonly Option<string?> _store = StoreOptions.Store();

    public RunsShowCommand() : base("runs show", "show one run: parameters, metrics, artifacts, input fingerprints") => Declare(_id, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var id = args.GetValue(_id);
        var store = new RunStore(StoreOptions.Open(args.GetValue(_store)));
        SummaryRepair.RepairAbandoned(store); // a run killed mid-way is failed, in the store and in its summary.json
        var run = store.GetRun(id) ?? throw new CliError($"run {id} is not in the run store {store.Database.Path}");
        output.WriteLine(StoreOptions.Json(run));
        return 0;
    }
}
