using System.CommandLine;

namespace CreditPoC.Cli;

/// <summary>
/// One verb of the <c>creditpoc</c> command, such as <c>data generate</c>: a System.CommandLine command whose
/// arguments and options, each with a description, make its --help and its usage line. <see cref="CliApp"/> finds
/// every verb by reflection, so that a new verb is one new file under Commands/.
/// </summary>
public abstract class CliVerb : Command
{
    protected CliVerb(string words, string summary) : base(words.Split(' ')[^1], summary)
    {
        Words = words;
        SetAction(parse => Execute(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
    }

    /// <summary>The words that select this verb, for example "data generate".</summary>
    public string Words { get; }

    /// <summary>What --help shows after the options: other forms, exit codes, where the verb writes.</summary>
    public virtual string? Notes => null;

    /// <summary>The usage line, made from the arguments and options: <c>creditpoc run NOTEBOOK -o OUT [-p NAME VALUE]... [--strict]</c>.</summary>
    public string Synopsis => string.Join(' ', new[] { "creditpoc", Words }
        .Concat(Arguments.Select(a => a.Name))
        .Concat(Options.Where(o => !o.Hidden).Select(Usage)));

    /// <summary>Runs the verb on its parsed command line and returns the process exit code.</summary>
    public abstract int Execute(ParseResult args, TextWriter output, TextWriter error);

    /// <summary>Adds the verb's arguments and options, in the order help shows them.</summary>
    protected void Declare(params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) Add(argument);
            else Add((Option)symbol);
        }
    }

    private static string Usage(Option option)
    {
        var name = option.Aliases.FirstOrDefault(a => a.Length == 2) ?? option.Name;
        var text = option.ValueType == typeof(bool) ? name : $"{name} {option.HelpName}";
        return option.Required ? text : $"[{text}]" + (option is PairOption ? "..." : "");
    }
}
