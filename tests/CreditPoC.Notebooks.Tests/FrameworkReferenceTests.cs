using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Execution;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests;

/// <summary>
/// Cells compile against a common set of framework assemblies (fast), and any other framework assembly is added
/// the first time a cell needs it: the whole framework stays usable, and a real error stays the cell's own.
/// </summary>
[TestClass]
public sealed class FrameworkReferenceTests
{
    private static async Task<(CellOutcome Outcome, JsonArray Outputs)> Run(ExecutionSession session, string code, int count)
    {
        var outputs = new JsonArray();
        var outcome = await session.RunCellAsync(CellSubmission.Numbered(code, count), Collector(outputs));
        return (outcome, outputs);
    }

    private static ICellOutput Collector(JsonArray outputs) => new CellOutputCollector(outputs, null);

    private static string Result(JsonArray outputs) =>
        Text(outputs.Single(o => (string?)o!["output_type"] == "execute_result")!["data"]!["text/plain"]);

    [TestMethod]
    public async Task AnAssemblyOutsideTheCommonSetIsAddedWhenACellNeedsItAndStaysForLaterCells()
    {
        var session = new ExecutionSession(NewTempDirectory());

        var (first, firstOutputs) = await Run(session, "using System.Xml.Linq;\nvar doc = XDocument.Parse(\"<loan amount='5'/>\");\ndoc.Root!.Attribute(\"amount\")!.Value", 1);
        var (second, secondOutputs) = await Run(session, "doc.Root!.Name.LocalName + \"/\" + System.Security.Cryptography.SHA256.HashData(new byte[1]).Length * 8", 2);

        Assert.IsTrue(first.Succeeded, first.Error?.Value);
        Assert.AreEqual("5", Result(firstOutputs));
        Assert.IsTrue(second.Succeeded, second.Error?.Value);
        Assert.AreEqual("loan/256", Result(secondOutputs));
        Assert.DoesNotContain("System.Private.Xml.Linq", ReferenceCatalog.CommonFrameworkAssemblies, "the test must reach past the common set");
    }

    [TestMethod]
    public async Task AQueryBindsToQueryableAsWithTheWholeFramework()
    {
        var (outcome, outputs) = await Run(new ExecutionSession(NewTempDirectory()),
            "new[] { 1, 2, 3 }.AsQueryable().Where(x => x > 1).Expression.NodeType.ToString()", 1);

        Assert.IsTrue(outcome.Succeeded, outcome.Error?.Value);
        Assert.AreEqual("Call", Result(outputs), "Queryable.Where builds an expression tree; Enumerable.Where would not");
    }

    [TestMethod]
    public async Task ACellThatFailsEvenWithTheWholeFrameworkReportsItsOwnError()
    {
        var (outcome, _) = await Run(new ExecutionSession(NewTempDirectory()), "using System.Xml.Linq;\nvar d = new XDocument();\nd.NoSuchMember()", 1);

        Assert.IsFalse(outcome.Succeeded);
        StringAssert.Contains(outcome.Error!.Value, "NoSuchMember");
    }

    [TestMethod]
    public async Task CompletionSeesTheWholeFramework()
    {
        var session = new ExecutionSession(NewTempDirectory());
        await Run(session, "var n = 1;", 1);

        var files = session.History.Options.MetadataReferences.OfType<Microsoft.CodeAnalysis.PortableExecutableReference>()
            .Select(r => Path.GetFileNameWithoutExtension(r.FilePath)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Contains("System.Private.Xml.Linq", files);
    }
}
