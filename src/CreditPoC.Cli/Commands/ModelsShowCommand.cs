using System.CommandLine;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class ModelsShowCommand : CliVerb
{
    private readonly Argument<long> _version = ModelsPromoteCommand.VersionArgument();
    private readonly Option<string?> _store = StoreOptions.Store();

    public ModelsShowCommand() : base("models show", "show one model version: metrics, gate reasons, stage history") => Declare(_version, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var version = args.GetValue(_version);
        var registry = new ModelRegistry(StoreOptions.Open(args.GetValue(_store)));
        var model = registry.Get(version) ?? throw new CliError($"model version {version} is not registered in {registry.Database.Path}");
        output.WriteLine(StoreOptions.Json(new { model, history = registry.History(version) }));
        return 0;
    }
}
