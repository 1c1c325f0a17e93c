using System.CommandLine;
using CreditPoC.Web;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc serve</c>: the credit department's web application and scoring API.</summary>
public sealed class ServeCommand : CliVerb
{
    private readonly Option<string?> _urls = CliOptions.Text("--urls", "URLS", $"where to listen (default {WebApp.DefaultUrls}: this machine only)");
    private readonly Option<string?> _root = CliOptions.Text("--root", "DIR", "the repository whose data/, runs/ and parameters/ to serve (default: the current folder)");
    private readonly Option<string?> _store = StoreOptions.Store();

    public ServeCommand() : base("serve", "run the web application: sign-in, upload, run days, review decisions, reports, models, audit, scoring API") =>
        Declare(_urls, _root, _store);

    public override string Notes => """
        Create an admin first: creditpoc users add NAME --role admin --password-stdin
        Behind a reverse proxy or with HTTPS: see the README (Kestrel certificate settings, forwarded headers).
        Stops on Ctrl+C or SIGTERM; jobs still running are marked failed when the server starts again.
        """;

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var web = new List<string>();
        if (args.GetValue(_urls) is { } urls) web.AddRange(["--urls", urls]);
        if (args.GetValue(_root) is { } root)
        {
            if (!Directory.Exists(root)) throw CliError.Usage($"--root {root}: no such folder");
            web.AddRange(["--CreditPoC:Root", Path.GetFullPath(root)]);
        }
        var store = args.GetValue(_store) ?? Environment.GetEnvironmentVariable("CREDITPOC_STORE");
        if (store is not null) web.AddRange(["--CreditPoC:Store", Path.GetFullPath(store)]);
        var app = WebApp.Build([.. web], () => NotebookEngine.CreateExecutor()); // each job's notebooks in kernel processes: a cell never takes the server down
        app.Run();
        return 0;
    }
}
