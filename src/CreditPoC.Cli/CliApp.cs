using System.Reflection;

namespace CreditPoC.Cli;

/// <summary>Finds the verb named on the command line and runs it; turns errors into one readable line.</summary>
public static class CliApp
{
    /// <summary>Every verb, found by reflection so that a new verb is one new file.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } = typeof(CliApp).Assembly.GetTypes()
        .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintVerbs(output);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] is "--version")
        {
            output.WriteLine(typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }

        var command = Find(args, out var consumed);
        if (command is null)
        {
            error.WriteLine($"error: unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))}'. Run 'creditpoc --help' for the list.");
            return 2;
        }
        var rest = args.Skip(consumed).ToArray();
        if (rest.Any(a => a is "-h" or "--help"))
        {
            output.WriteLine(command.Usage);
            return 0;
        }
        try
        {
            return command.Execute(CommandArgs.Parse(rest, command.Options), output, error);
        }
        catch (CliError e)
        {
            error.WriteLine($"error: {e.Message}");
            if (e.ExitCode == 2) error.WriteLine($"usage: {command.Usage.Split('\n')[0]}");
            return e.ExitCode;
        }
        catch (UserFacingException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static ICliCommand? Find(string[] args, out int consumed)
    {
        foreach (var command in Commands.OrderByDescending(c => c.Name.Split(' ').Length))
        {
            var words = command.Name.Split(' ');
            if (words.Length <= args.Length && words.Select((w, i) => w == args[i]).All(x => x))
            {
                consumed = words.Length;
                return command;
            }
        }
        consumed = 0;
        return null;
    }

    private static void PrintVerbs(TextWriter output)
    {
        output.WriteLine("creditpoc — credit-screening ML from proof of concept to trial operation");
        output.WriteLine();
        output.WriteLine("usage: creditpoc <command> [options]   (creditpoc <command> --help for details)");
        output.WriteLine();
        var width = Commands.Select(c => c.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var command in Commands)
            output.WriteLine($"  {command.Name.PadRight(width)}  {command.Summary}");
    }
}
