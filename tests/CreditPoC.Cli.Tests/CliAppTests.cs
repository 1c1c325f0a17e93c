using CreditPoC.Cli;

namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class CliAppTests
{
    [TestMethod]
    public void UnknownCommandIsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("frobnicate");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "unknown command 'frobnicate'");
    }

    [TestMethod]
    public void HelpListsEveryVerb()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.AreEqual(0, code);
        foreach (var command in CliApp.Commands)
            StringAssert.Contains(output, command.Name);
    }

    [TestMethod]
    public void OptionParserRejectsUnknownOptionsAndReadsRepeatedPairs()
    {
        var spec = new OptionSpec().Value("rows").Flag("force").Repeated("parameter", 2, "p");
        var args = CommandArgs.Parse(["nb.ipynb", "--rows", "-5", "-p", "A", "1", "-p", "B", "x y", "--force"], spec);
        Assert.AreEqual(-5, args.GetInt("rows", 0));
        Assert.IsTrue(args.Has("force"));
        Assert.HasCount(2, args.GetAll("parameter"));
        Assert.AreEqual("x y", args.GetAll("parameter")[1][1]);
        CollectionAssert.AreEqual(new[] { "nb.ipynb" }, args.Positional);

        var error = Assert.ThrowsExactly<CliError>(() => CommandArgs.Parse(["--nope"], spec));
        StringAssert.Contains(error.Message, "--nope");
    }
}
