using System.CommandLine;
using CreditPoC.Tracking;
using CreditPoC.Web.Services;

namespace CreditPoC.Cli.Commands;

/// <summary>Where <c>--password-stdin</c> reads from: the console, or what a test set.</summary>
internal static class CliInput
{
    private static readonly AsyncLocal<TextReader?> Override = new();

    public static TextReader Reader => Override.Value ?? Console.In;

    public static void Use(TextReader? reader) => Override.Value = reader;
}

internal static class AccessOptions
{
    public static Argument<string> Name(string what) => new("NAME") { Description = what };

    /// <summary>The store, created when absent (the first admin is made before any run).</summary>
    public static AccessStore Open(string? store) => new(StoreOptions.StorePath(store));

    /// <summary>Who did it, for the audit log: the operating-system user running the command.</summary>
    public static string Actor => "cli:" + Environment.UserName;
}

public sealed class UsersAddCommand : CliVerb
{
    private readonly Argument<string> _name = AccessOptions.Name("the user's sign-in name");
    private readonly Option<string?> _role = CliOptions.Text("--role", string.Join('|', Roles.All), "operator: uploads, runs, downloads; officer: review queue; analyst: reads everything; admin: users, keys, promotion");
    private readonly Option<bool> _stdin = CliOptions.Flag("--password-stdin", "read the password from the first line of standard input (there is no default password)");
    private readonly Option<string?> _store = StoreOptions.Store();

    public UsersAddCommand() : base("users add", "add a user of the web application, with a role and a password from standard input") =>
        Declare(_name, _role, _stdin, _store);

    public override string Notes => "example: printf '%s\\n' \"$PASSWORD\" | creditpoc users add alice --role admin --password-stdin";

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var name = args.GetValue(_name)!;
        var role = args.GetValue(_role) ?? throw CliError.Usage("missing required option --role (operator, officer, analyst or admin)");
        if (!args.GetValue(_stdin)) throw CliError.Usage("give the password on standard input with --password-stdin (never on the command line)");
        var password = CliInput.Reader.ReadLine()?.TrimEnd('\r') ?? "";
        try
        {
            Roles.Parse(role);
            AccessStore.CheckName(name);
            var access = AccessOptions.Open(args.GetValue(_store));
            access.AddUser(name, role, new Passwords().Hash(name, password), AccessOptions.Actor);
        }
        catch (UserFacingException e)
        {
            throw new CliError(e.Message);
        }
        output.WriteLine($"added user {name} with role {role.ToLowerInvariant()}");
        return 0;
    }
}

public sealed class UsersListCommand : CliVerb
{
    private readonly Option<string?> _store = StoreOptions.Store();

    public UsersListCommand() : base("users list", "list the users and their roles") => Declare(_store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var users = AccessOptions.Open(args.GetValue(_store)).ListUsers();
        if (users.Count == 0)
        {
            output.WriteLine("no users: add one with 'creditpoc users add NAME --role admin --password-stdin'");
            return 0;
        }
        output.WriteLine($"{"name",-24} {"role",-8} {"locked",-7} created");
        foreach (var u in users)
            output.WriteLine($"{u.Name,-24} {u.Role,-8} {(u.IsLocked(DateTimeOffset.UtcNow) ? "yes" : "no"),-7} {u.CreatedAt:yyyy-MM-dd}");
        return 0;
    }
}

public sealed class UsersRemoveCommand : CliVerb
{
    private readonly Argument<string> _name = AccessOptions.Name("the user to remove");
    private readonly Option<string?> _store = StoreOptions.Store();

    public UsersRemoveCommand() : base("users remove", "remove a user (signed-in sessions end at their next request)") => Declare(_name, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var name = args.GetValue(_name)!;
        if (!AccessOptions.Open(args.GetValue(_store)).RemoveUser(name, AccessOptions.Actor)) throw new CliError($"no user named {name}");
        output.WriteLine($"removed user {name}");
        return 0;
    }
}

public sealed class ApiKeysAddCommand : CliVerb
{
    private readonly Argument<string> _name = AccessOptions.Name("a name for the key: the system that will use it");
    private readonly Option<string?> _store = StoreOptions.Store();

    public ApiKeysAddCommand() : base("apikeys add", "make a new API key; it is printed once, alone on the last line, and only its hash is kept") => Declare(_name, _store);

    public override string Notes => "clients send it as: Authorization: Bearer KEY";

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var name = args.GetValue(_name)!;
        string key;
        try
        {
            key = AccessOptions.Open(args.GetValue(_store)).AddApiKey(name, AccessOptions.Actor);
        }
        catch (UserFacingException e)
        {
            throw new CliError(e.Message);
        }
        output.WriteLine($"API key {name} (copy it now: it is not shown again; clients send 'Authorization: Bearer KEY'):");
        output.WriteLine(key);
        return 0;
    }
}

public sealed class ApiKeysListCommand : CliVerb
{
    private readonly Option<string?> _store = StoreOptions.Store();

    public ApiKeysListCommand() : base("apikeys list", "list the API keys (names and dates; the keys themselves are not stored)") => Declare(_store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var keys = AccessOptions.Open(args.GetValue(_store)).ListApiKeys();
        if (keys.Count == 0) { output.WriteLine("no API keys: make one with 'creditpoc apikeys add NAME'"); return 0; }
        output.WriteLine($"{"name",-24} {"status",-8} {"created",-10} by");
        foreach (var k in keys)
            output.WriteLine($"{k.Name,-24} {(k.Active ? "active" : "revoked"),-8} {k.CreatedAt:yyyy-MM-dd} {k.CreatedBy}");
        return 0;
    }
}

public sealed class ApiKeysRevokeCommand : CliVerb
{
    private readonly Argument<string> _name = AccessOptions.Name("the key to revoke");
    private readonly Option<string?> _store = StoreOptions.Store();

    public ApiKeysRevokeCommand() : base("apikeys revoke", "revoke an API key (a running server stops accepting it within 30 s)") => Declare(_name, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var name = args.GetValue(_name)!;
        if (!AccessOptions.Open(args.GetValue(_store)).RevokeApiKey(name, AccessOptions.Actor)) throw new CliError($"no active API key named {name}");
        output.WriteLine($"revoked API key {name}");
        return 0;
    }
}

public sealed class StoreBackupCommand : CliVerb
{
    private readonly Argument<string> _file = new("FILE") { Description = "the backup file to write (must not exist)" };
    private readonly Option<string?> _store = StoreOptions.Store();

    public StoreBackupCommand() : base("store backup", "copy the run store (users, audit, registry, runs) with SQLite's online backup, safe while the server runs") =>
        Declare(_file, _store);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var file = args.GetValue(_file)!;
        var database = StoreOptions.Open(args.GetValue(_store));
        try
        {
            database.Backup(file);
        }
        catch (UserFacingException e)
        {
            throw new CliError(e.Message);
        }
        output.WriteLine($"backed up {NotebookEngine.Show(database.Path)} to {NotebookEngine.Show(Path.GetFullPath(file))} (schema version {database.SchemaVersion()})");
        return 0;
    }
}
