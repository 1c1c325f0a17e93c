using CreditPoC.Notebooks.Formatting;
using Microsoft.Data.Analysis;

namespace CreditPoC.Notebooks.Tests;

[TestClass]
[DoNotParallelize] // registrations are process-wide
public sealed class FormatterTests
{
    private sealed record Applicant(string Id, double Score);

    private sealed class Special
    {
        public override string ToString() => "special!";
    }

    [TestCleanup]
    public void Reset() => Formatter.ResetToDefaults();

    [TestMethod]
    public void StringsAndNumbersArePlainTextOnly()
    {
        Assert.AreEqual("hello", Formatter.Format("hello").Single(p => p.Key == "text/plain").Value);
        Assert.HasCount(1, Formatter.Format("hello"));
        Assert.AreEqual("0.25", Formatter.Format(0.25)["text/plain"]);
        Assert.AreEqual("True", Formatter.Format(true)["text/plain"]);
        Assert.AreEqual("<null>", Formatter.Format(null)["text/plain"]);
        Assert.AreEqual("special!", Formatter.Format(new Special())["text/plain"]);
        Assert.AreEqual("2021-01-31", Formatter.Format(new DateOnly(2021, 1, 31))["text/plain"]);
        Assert.AreEqual("2021-01-31 13:45:00", Formatter.Format(new DateTime(2021, 1, 31, 13, 45, 0))["text/plain"]);
    }

    [TestMethod]
    public void SequencesOfRecordsAreTables()
    {
        var rows = Enumerable.Range(0, 25).Select(i => new Applicant($"A<{i}>", i / 10.0)).ToList();

        var bundle = Formatter.Format(rows);

        var html = bundle["text/html"];
        StringAssert.Contains(html, "<th>index</th><th>Id</th><th>Score</th>");
        StringAssert.Contains(html, "<td>19</td><td>A&lt;19&gt;</td><td>1.9</td>");
        Assert.DoesNotContain("A&lt;20&gt;", html);
        StringAssert.Contains(html, "first 20 of 25 items");
        StringAssert.StartsWith(bundle["text/plain"], "[ Applicant { Id = A<0>, Score = 0 }");
    }

    [TestMethod]
    public void ScalarsInASequenceGetAValueColumn()
    {
        var html = Formatter.Format(new[] { 3, 4 })["text/html"];

        StringAssert.Contains(html, "<th>index</th><th>value</th>");
        StringAssert.Contains(html, "<tr><td>1</td><td>4</td></tr>");
    }

    [TestMethod]
    public void DataFrameShowsShapeAndFirstRows()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("x", [1.5, 2.5]), new StringDataFrameColumn("name", ["a", null]));

        var bundle = Formatter.Format(frame);

        StringAssert.Contains(bundle["text/html"], "<tr><td>1.5</td><td>a</td></tr>");
        StringAssert.Contains(bundle["text/html"], "2 rows × 2 columns");
        Assert.AreEqual("x    name\n1.5  a\n2.5\n2 rows × 2 columns", bundle["text/plain"].Replace("\r\n", "\n"));
    }

    [TestMethod]
    public void RegisteredFormattersWinAndTheMostSpecificTypeIsUsed()
    {
        Formatter.Register<Applicant>(a => $"<p>{a.Id}</p>");
        Formatter.Register<object>((o, writer) => writer.Write("<i>any</i>"));

        Assert.AreEqual("<p>X</p>", Formatter.Format(new Applicant("X", 1))["text/html"]);
        Assert.AreEqual("<i>any</i>", Formatter.Format(new Special())["text/html"]);

        Formatter.ResetToDefaults();
        Assert.IsFalse(Formatter.Format(new Applicant("X", 1)).ContainsKey("text/html"));
    }
}
