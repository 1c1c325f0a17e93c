using System.CommandLine;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Commands;

/// <summary>The --store option shared by the run and model verbs.</summary>
internal static class StoreOptions
{
    public static Option<string?> Store() =>
        CliOptions.Text("--store", "PATH", "the run store (default: runs/creditpoc.db, or $CREDITPOC_STORE)");

    public static string StorePath(string? store) =>
        store ?? Environment.GetEnvironmentVariable("CREDITPOC_STORE") ?? StoreDatabase.DefaultPath;

    public static StoreDatabase Open(string? store)
    {
        var path = StorePath(store);
        if (!File.Exists(path))
            throw new CliError($"no run store at {path}: run a pipeline first, or pass --store PATH");
        return new StoreDatabase(path);
    }

    public static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
}
