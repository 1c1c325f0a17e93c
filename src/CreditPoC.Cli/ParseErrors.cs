using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CreditPoC.Cli;

/// <summary>Turns what System.CommandLine found wrong with a command line into the one line the user reads.</summary>
internal static class ParseErrors
{
    /// <summary>The first problem, and the verb whose usage line follows it (none when no verb was named).</summary>
    public static (string Message, CliVerb? Verb) Describe(ParseResult parse, IReadOnlyList<string> args)
    {
        var unmatched = parse.UnmatchedTokens.FirstOrDefault();
        if (parse.CommandResult.Command is not CliVerb verb)
            return (NoVerb(parse.CommandResult.Command, args, unmatched), null);
        if (unmatched is not null)
            return (IsOption(unmatched)
                ? $"unknown option '{unmatched}'; expected one of: {string.Join(", ", verb.Options.Select(o => o.Name))}"
                : $"unexpected argument '{unmatched}'", verb);
        if (verb.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0 && (parse.GetResult(a)?.Tokens.Count ?? 0) == 0) is { } argument)
            return ($"missing {argument.Name}: {argument.Description}", verb);
        if (verb.Options.FirstOrDefault(o => o.Required && parse.GetResult(o)?.IdentifierToken is null) is { } option)
            return ($"missing required option {option.Name}", verb);
        return (parse.Errors[0].Message, verb);
    }

    /// <summary>The command line names no verb: an unknown word, an option before any verb, or a group alone.</summary>
    private static string NoVerb(Command command, IReadOnlyList<string> args, string? unmatched)
    {
        var words = string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')));
        if (unmatched is not null && !IsOption(unmatched)) return $"unknown command '{words}'. Run 'creditpoc --help' for the list.";
        if (command is RootCommand) return $"unknown option '{unmatched}'. Run 'creditpoc --help' for the list.";
        return $"'{words}' needs one of: {string.Join(", ", command.Subcommands.Select(c => $"{words} {c.Name}"))}";
    }

    private static bool IsOption(string token) =>
        token.StartsWith('-') && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
