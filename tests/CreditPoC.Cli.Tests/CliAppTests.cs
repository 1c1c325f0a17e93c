using CreditPoC.Cli;

namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class CliAppTests
{
    private static IEnumerable<CliVerb> Verbs => CliApp.BuildRoot().Subcommands
        .SelectMany(c => c is CliVerb verb ? [verb] : c.Subcommands.OfType<CliVerb>());

    [TestMethod]
    public void UnknownCommandIsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("frobnicate");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "unknown command 'frobnicate'");

        (code, _, error) = CliRunner.Run("data", "frob");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "unknown command 'data frob'");

        (code, _, error) = CliRunner.Run("data");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "'data' needs one of: data generate, data split");
    }

    [TestMethod]
    public void HelpListsEveryVerb()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.AreEqual(0, code);
        Assert.IsNotEmpty(Verbs.ToList());
        foreach (var verb in Verbs)
            StringAssert.Contains(output, verb.Words);

        Assert.AreEqual(output, CliRunner.Run("help").Output, "'creditpoc help' is 'creditpoc --help'");
        Assert.AreEqual(2, CliRunner.Run().Code, "no verb at all is a usage error, after the same list");
    }

    [TestMethod]
    public void VersionPrintsTheAssemblyVersion()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.AreEqual(0, code);
        StringAssert.StartsWith(output, "1.0.0");
    }

    [TestMethod]
    public void AUsageErrorIsOneLineThenTheVerbsUsageLine()
    {
        var (code, _, error) = CliRunner.Run("data", "generate", "--rows", "x", "--out", "nowhere.csv");
        Assert.AreEqual(2, code);
        var lines = error.TrimEnd().Split('\n');
        Assert.HasCount(2, lines);
        Assert.AreEqual("error: --rows must be a whole number, got 'x'", lines[0]);
        StringAssert.StartsWith(lines[1], "usage: creditpoc data generate [--rows N] [--seed N] [-o PATH] [--force]");

        (code, _, error) = CliRunner.Run("render", "a.ipynb", "--nope");
        Assert.AreEqual(2, code);
        StringAssert.StartsWith(error, "error: unknown option '--nope'; expected one of: --output, --report-mode");

        (code, _, error) = CliRunner.Run("pipeline", "--date", "2021-01-31", "extra");
        Assert.AreEqual(2, code);
        StringAssert.StartsWith(error, "error: unexpected argument 'extra'");
        StringAssert.Contains(error, "[--store PATH]", "the usage line names every option");

        (code, _, error) = CliRunner.Run("models", "show");
        Assert.AreEqual(2, code);
        StringAssert.StartsWith(error, "error: missing VERSION");
    }
}
