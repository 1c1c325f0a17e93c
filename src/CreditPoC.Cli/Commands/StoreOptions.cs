using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

/// <summary>The --store option shared by the run and model verbs.</summary>
internal static class StoreOptions
{
    public const string Help = "  --store PATH   the run store (default: runs/creditpoc.db, or $CREDITPOC_STORE)";

    public static OptionSpec WithStore(this OptionSpec spec) => spec.Value("store");

    public static string StorePath(CommandArgs args) =>
        args.Get("store") ?? Environment.GetEnvironmentVariable("CREDITPOC_STORE") ?? StoreDatabase.DefaultPath;

    public static StoreDatabase Open(CommandArgs args)
    {
        var path = StorePath(args);
        if (!File.Exists(path))
            throw new CliError($"no run store at {path}: run a pipeline first, or pass --store PATH");
        return new StoreDatabase(path);
    }

    public static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
