using System.CommandLine;
using CreditPoC.Cli;

namespace CreditPoC.Cli.Tests;

[TestClass]
public sealed class PairOptionTests
{
    private readonly PairOption _pairs = new("--parameter", "a pair", "-p");
    private readonly Option<int?> _rows = CliOptions.WholeNumber("--rows", "rows");
    private readonly Option<string?> _note = CliOptions.Text("--note", "TEXT", "a note");
    private readonly Option<bool> _force = CliOptions.Flag("--force", "force");
    private readonly Argument<string> _notebook = new("NOTEBOOK");

    private ParseResult Parse(params string[] args)
    {
        var root = new RootCommand { new Command("run") { _notebook, _pairs, _rows, _note, _force } };
        return root.Parse(PairOption.JoinPairs(root, ["run", .. args]));
    }

    [TestMethod]
    public void EachPairTakesExactlyTwoValuesAndTheRestStaysWhereItWas()
    {
        var parse = Parse("-p", "A", "1", "nb.ipynb", "--rows", "-5", "--parameter", "B", "x y", "--force", "-p", "C", "--not-an-option");

        Assert.IsEmpty(parse.Errors, string.Join("; ", parse.Errors));
        Assert.AreEqual("nb.ipynb", parse.GetValue(_notebook));
        Assert.AreEqual(-5, parse.GetValue(_rows));
        Assert.IsTrue(parse.GetValue(_force));
        CollectionAssert.AreEqual(new KeyValuePair<string, string>[] { new("A", "1"), new("B", "x y"), new("C", "--not-an-option") },
            parse.GetValue(_pairs)!.ToArray());
    }

    [TestMethod]
    public void AnotherOptionsValueIsNotAPair()
    {
        var parse = Parse("nb.ipynb", "--note", "-p", "-p", "A", "1");

        Assert.IsEmpty(parse.Errors, string.Join("; ", parse.Errors));
        Assert.AreEqual("-p", parse.GetValue(_note));
        Assert.AreEqual(new KeyValuePair<string, string>("A", "1"), parse.GetValue(_pairs)!.Single());
    }

    [TestMethod]
    public void APairWithOneValueIsAnError()
    {
        var parse = Parse("nb.ipynb", "-p", "A");

        Assert.AreEqual("-p takes two values each time, -p NAME VALUE; got only 'A'", parse.Errors.Single().Message);
    }
}
