using System.CommandLine;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class ModelsPromoteCommand : CliVerb
{
    private readonly Argument<long> _version = VersionArgument();
    private readonly Option<string?> _stage = CliOptions.Text("--stage", string.Join('|', Enum.GetNames<ModelStage>()),
        "the stage to move to (default Production)");
    private readonly Option<string?> _override = CliOptions.Text("--override", "REASON",
        "promote a version that failed the quality gate; the reason is recorded");
    private readonly Option<string?> _store = StoreOptions.Store();

    public ModelsPromoteCommand() : base("models promote", "move a model version to a stage (Production archives the previous one)") =>
        Declare(_version, _stage, _override, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var version = args.GetValue(_version);
        var stageText = args.GetValue(_stage) ?? nameof(ModelStage.Production);
        if (!Enum.TryParse<ModelStage>(stageText, ignoreCase: true, out var stage))
            throw CliError.Usage($"--stage must be one of {string.Join(", ", Enum.GetNames<ModelStage>())}, got '{stageText}'");
        var registry = new ModelRegistry(StoreOptions.Open(args.GetValue(_store)));
        registry.Transition(version, stage, args.GetValue(_override));
        output.WriteLine($"model version {version} is now {stage}");
        return 0;
    }

    /// <summary>VERSION: a model version number, as <c>creditpoc models list</c> shows it.</summary>
    internal static Argument<long> VersionArgument() => new("VERSION")
    {
        Description = "the model version (a number from 'creditpoc models list')",
        CustomParser = result =>
        {
            if (long.TryParse(result.Tokens[0].Value, out var version)) return version;
            result.AddError($"give one model version (a number from 'creditpoc models list'), got '{result.Tokens[0].Value}'");
            return 0;
        },
    };
}
