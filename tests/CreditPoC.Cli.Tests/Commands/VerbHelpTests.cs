using System.CommandLine;
using System.Text.RegularExpressions;
using CreditPoC.Cli;

namespace CreditPoC.Cli.Tests.Commands;

/// <summary>Help is made from the options: every verb's --help shows every name and alias it accepts.</summary>
[TestClass]
public sealed class VerbHelpTests
{
    [TestMethod]
    public void EveryVerbsHelpShowsEveryOptionItAccepts()
    {
        var root = CliApp.BuildRoot();
        var verbs = Walk(root).OfType<CliVerb>().ToList();
        Assert.IsGreaterThanOrEqualTo(13, verbs.Count, string.Join(", ", verbs.Select(v => v.Words)));

        foreach (var verb in verbs)
        {
            var (code, output, error) = CliRunner.Run([.. verb.Words.Split(' '), "--help"]);
            Assert.AreEqual(0, code, $"{verb.Words} --help: {error}");
            StringAssert.Contains(output, verb.Description!, verb.Words);
            var accepted = verb.Options.Concat(root.Options.Where(o => o.Recursive)).ToList();
            foreach (var option in accepted)
            {
                Assert.IsFalse(string.IsNullOrWhiteSpace(option.Description), $"{verb.Words} {option.Name} has no description");
                foreach (var name in option.Aliases.Prepend(option.Name))
                    Assert.IsTrue(Regex.IsMatch(output, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])"), $"{verb.Words} --help does not show {name}:\n{output}");
            }
            foreach (var argument in verb.Arguments)
                StringAssert.Contains(output, argument.Description!, $"{verb.Words} --help describes {argument.Name}");
            if (verb.Notes is { } notes) StringAssert.Contains(output, notes.Trim(), $"{verb.Words} --help ends with its notes");
        }
    }

    private static IEnumerable<Command> Walk(Command command) => command.Subcommands.SelectMany(c => Walk(c).Prepend(c));
}
