using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CreditPoC.Cli;

/// <summary>Parses the command line with System.CommandLine, runs the verb it names, and turns errors into one readable line.</summary>
public static class CliApp
{
    /// <summary>What the verbs that share a first word are about; --help lists the verbs after it.</summary>
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["data"] = "make Home-Credit-like data and split it into days",
        ["runs"] = "task runs recorded in the run store",
        ["models"] = "the model registry",
        ["users"] = "the web application's users",
        ["apikeys"] = "API keys for the scoring API",
        ["store"] = "the SQLite run store",
    };

    /// <summary>The command tree: every <see cref="CliVerb"/> in this assembly, under groups by its first word.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("creditpoc — credit-screening ML from proof of concept to trial operation") { HelpName = "creditpoc" };
        var help = new HelpOption("--help", "-h");
        help.Action = new HelpWithNotes((HelpAction)help.Action!);
        foreach (var builtIn in root.Options.OfType<HelpOption>().ToList()) root.Options.Remove(builtIn);
        root.Options.Insert(0, help);
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersion();

        var verbs = typeof(CliApp).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(CliVerb)) && !t.IsAbstract)
            .Select(t => (CliVerb)Activator.CreateInstance(t)!)
            .OrderBy(v => v.Words, StringComparer.Ordinal);
        foreach (var verb in verbs)
        {
            Command parent = root;
            foreach (var word in verb.Words.Split(' ')[..^1])
                parent = parent.Subcommands.FirstOrDefault(c => c.Name == word) ?? AddGroup(parent, word);
            parent.Add(verb);
        }
        foreach (var group in root.Subcommands.Where(c => c is not CliVerb))
            group.Description = $"{Groups.GetValueOrDefault(group.Name, group.Name)}: " +
                                string.Join(", ", group.Subcommands.OfType<CliVerb>().Select(v => v.Words));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var invocation = new InvocationConfiguration
        {
            Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, // the verbs handle Ctrl+C
        };
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(invocation);
            return 2;
        }
        if (args[0] == "help") args = [.. args.Skip(1), "--help"];

        // No @response files and no bundled short options: every argument means what it says.
        var parse = root.Parse(PairOption.JoinPairs(root, args), new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
        if (parse.Action is ParseErrorAction)
        {
            var (message, verb) = ParseErrors.Describe(parse, args);
            return Fail(message, 2, verb, error);
        }
        try
        {
            return parse.Invoke(invocation);
        }
        catch (CliError e)
        {
            return Fail(e.Message, e.ExitCode, parse.CommandResult.Command as CliVerb, error);
        }
        catch (UserFacingException e)
        {
            return Fail(e.Message, 1, null, error);
        }
    }

    private static int Fail(string message, int exitCode, CliVerb? verb, TextWriter error)
    {
        error.WriteLine($"error: {message}");
        if (exitCode == 2 && verb is not null) error.WriteLine($"usage: {verb.Synopsis}");
        return exitCode;
    }

    private static Command AddGroup(Command parent, string word)
    {
        var group = new Command(word);
        parent.Add(group);
        return group;
    }
}
