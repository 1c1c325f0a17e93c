using System.CommandLine;
using System.Globalization;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class ModelsListCommand : CliVerb
{
    private readonly Option<string?> _store = StoreOptions.Store();

    public ModelsListCommand() : base("models list", "list registered model versions with stage, gate and AUC") => Declare(_store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var models = new ModelRegistry(StoreOptions.Open(args.GetValue(_store))).List();
        output.WriteLine($"{"version",7}  {"kind",-10} {"stage",-10} {"gate",-6} {"auc",7}  {"created (UTC)",-19}  run");
        foreach (var model in models)
        {
            var gate = model.GatePassed switch { true => "pass", false => "FAIL", null => "-" };
            var auc = model.Metrics.TryGetValue("auc", out var value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "";
            output.WriteLine($"{model.Version,7}  {model.Kind,-10} {model.Stage,-10} {gate,-6} {auc,7}  {model.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {model.RunId}");
        }
        if (models.Count == 0) output.WriteLine("(no models registered)");
        return 0;
    }
}
