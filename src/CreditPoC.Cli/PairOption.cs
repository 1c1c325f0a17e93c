using System.CommandLine;
using System.CommandLine.Parsing;

namespace CreditPoC.Cli;

/// <summary>
/// A repeatable option that takes two values each time, as in <c>-p NAME VALUE -p NAME VALUE</c>. System.CommandLine
/// counts an option's values over all its occurrences, not per occurrence, so <see cref="JoinPairs"/> first joins
/// each pair into one token, with NUL (which no command-line argument can hold), and this option splits it again.
/// </summary>
internal sealed class PairOption : Option<IReadOnlyList<KeyValuePair<string, string>>>
{
    private const char Joiner = '\0';

    public PairOption(string name, string description, params string[] aliases) : base(name, aliases)
    {
        Description = description;
        HelpName = "NAME VALUE";
        Arity = ArgumentArity.OneOrMore;
        CustomParser = Split;
    }

    /// <summary>The command line with each pair after one of the chosen verb's pair options joined into one token.</summary>
    public static string[] JoinPairs(Command root, IReadOnlyList<string> args)
    {
        var command = root;
        var i = 0;
        for (; i < args.Count && command.Subcommands.FirstOrDefault(c => c.Name == args[i]) is { } sub; i++) command = sub;
        if (!command.Options.OfType<PairOption>().Any()) return [.. args];

        var joined = args.Take(i).ToList();
        for (; i < args.Count; i++)
        {
            var option = command.Options.FirstOrDefault(o => o.Name == args[i] || o.Aliases.Contains(args[i]));
            joined.Add(args[i]);
            if (args[i] == "--") return [.. joined, .. args.Skip(i + 1)];
            if (option is PairOption && i + 2 < args.Count)
            {
                joined.Add(args[i + 1] + Joiner + args[i + 2]);
                i += 2;
            }
            else if (option is not null && option.Arity.MaximumNumberOfValues == 1 && option.ValueType != typeof(bool) && i + 1 < args.Count)
            {
                joined.Add(args[++i]); // another option's value, even one that reads "-p"
            }
        }
        return [.. joined];
    }

    private IReadOnlyList<KeyValuePair<string, string>> Split(ArgumentResult result)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var token in result.Tokens)
        {
            var at = token.Value.IndexOf(Joiner);
            if (at < 0)
            {
                var alias = (result.Parent as OptionResult)?.IdentifierToken?.Value ?? Name;
                result.AddError($"{alias} takes two values each time, {alias} {HelpName}; got only '{token.Value}'");
                break;
            }
            pairs.Add(new(token.Value[..at], token.Value[(at + 1)..]));
        }
        return pairs;
    }
}
