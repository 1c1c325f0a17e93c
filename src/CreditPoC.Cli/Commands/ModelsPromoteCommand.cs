using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class ModelsPromoteCommand : ICliCommand
{
    public string Name => "models promote";
    public string Summary => "move a model version to a stage (Production archives the previous one)";
    public string Usage => "creditpoc models promote VERSION [--stage Production|Staging|Archived|None] [--override \"reason\"] [--store PATH]\n" +
                           "  --override REASON   promote a version that failed the quality gate; the reason is recorded\n" + StoreOptions.Help;
    public OptionSpec Options { get; } = new OptionSpec().Value("stage").Value("override").WithStore();

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var version = ParseVersion(args);
        var stageText = args.Get("stage") ?? nameof(ModelStage.Production);
        if (!Enum.TryParse<ModelStage>(stageText, ignoreCase: true, out var stage))
            throw CliError.Usage($"--stage must be one of {string.Join(", ", Enum.GetNames<ModelStage>())}, got '{stageText}'");
        var registry = new ModelRegistry(StoreOptions.Open(args));
        registry.Transition(version, stage, args.Get("override"));
        output.WriteLine($"model version {version} is now {stage}");
        return 0;
    }

    internal static long ParseVersion(CommandArgs args) =>
        args.Positional.Count == 1 && long.TryParse(args.Positional[0], out var version)
            ? version
            : throw CliError.Usage("give one model version (a number from 'creditpoc models list')");
}
