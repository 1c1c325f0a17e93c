using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class ModelsShowCommand : ICliCommand
{
    public string Name => "models show";
    public string Summary => "show one model version: metrics, gate reasons, stage history";
    public string Usage => "creditpoc models show VERSION [--store PATH]\n" + StoreOptions.Help;
    public OptionSpec Options { get; } = new OptionSpec().WithStore();

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var version = ModelsPromoteCommand.ParseVersion(args);
        var registry = new ModelRegistry(StoreOptions.Open(args));
        var model = registry.Get(version) ?? throw new CliError($"model version {version} is not registered in {registry.Database.Path}");
        output.WriteLine(StoreOptions.Json(new { model, history = registry.History(version) }));
        return 0;
    }
}
