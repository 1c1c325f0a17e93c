using System.Globalization;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

public sealed class ModelsListCommand : ICliCommand
{
    public string Name => "models list";
    public string Summary => "list registered model versions with stage, gate and AUC";
    public string Usage => "creditpoc models list [--store PATH]\n" + StoreOptions.Help;
    public OptionSpec Options { get; } = new OptionSpec().WithStore();

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var models = new ModelRegistry(StoreOptions.Open(args)).List();
        output.WriteLine($"{"version",7}  {"stage",-10} {"gate",-6} {"auc",7}  {"created (UTC)",-19}  run");
        foreach (var model in models)
        {
            var gate = model.GatePassed switch { true => "pass", false => "FAIL", null => "-" };
            var auc = model.Metrics.TryGetValue("auc", out var value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "";
            output.WriteLine($"{model.Version,7}  {model.Stage,-10} {gate,-6} {auc,7}  {model.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {model.RunId}");
        }
        if (models.Count == 0) output.WriteLine("(no models registered)");
        return 0;
    }
}
