using CreditPoC.Notebooks.Ipynb;
using CreditPoC.TestSupport;

namespace CreditPoC.Notebooks.Tests;

[TestClass]
public sealed class IpynbTests
{
    [TestMethod]
    [DataRow("roundtrip.ipynb")]
    [DataRow("parameters.ipynb")]
    [DataRow("legacy44.ipynb")]
    public void RoundTripOfAJupyterWrittenFileIsByteForByteIdentical(string fixture)
    {
        var original = File.ReadAllText(TestSupport.Fixture(fixture));

        var written = Notebook.Parse(original).ToJson();

        Assert.AreEqual(original, written);
    }

    [TestMethod]
    public void RoundTripKeepsIdsTagsAttachmentsOutputsAndUnknownFields()
    {
        var json = """
            {"nbformat": 4, "nbformat_minor": 5, "x_top": {"b": 1, "a": [true, null]},
             "metadata": {"zeta": 1},
             "cells": [{"cell_type": "code", "id": "abc", "x_cell_field": "kept", "execution_count": 3,
                        "metadata": {"tags": ["t1"]}, "outputs": [], "source": "a\nb"}]}
            """;

        var notebook = Notebook.Parse(Notebook.Parse(json).ToJson());

        var cell = notebook.Cells.Single();
        Assert.AreEqual("abc", cell.Id);
        Assert.AreEqual("kept", (string?)cell.Json["x_cell_field"]);
        Assert.AreEqual(3, cell.ExecutionCount);
        CollectionAssert.AreEqual(new[] { "t1" }, cell.Tags.ToArray());
        Assert.AreEqual("a\nb", cell.Source);
        Assert.AreEqual("""{"a":[true,null],"b":1}""", notebook.Json["x_top"]!.ToJsonString()); // sorted, as Jupyter writes
        var attachments = Notebook.Load(TestSupport.Fixture("roundtrip.ipynb")).Cells[0].Json["attachments"]!["dot.png"]!["image/png"];
        Assert.IsNotNull(attachments);
    }

    [TestMethod]
    public void WritesLikeJupyterSortedKeysOneSpaceIndentSourceAsLinesAndTrailingNewline()
    {
        var notebook = PolyglotNotebook.Create();
        notebook.AddCode("var x = 1;\nx");

        var text = notebook.ToJson();

        StringAssert.StartsWith(text, "{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",");
        StringAssert.Contains(text, "   \"source\": [\n    \"var x = 1;\\n\",\n    \"x\"\n   ]");
        Assert.IsTrue(text.EndsWith("}\n", StringComparison.Ordinal));
        Assert.IsLessThan(text.IndexOf("\"metadata\"", StringComparison.Ordinal), text.IndexOf("\"cells\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public void PolyglotNotebookCarriesTheKernelMetadataVsCodeWrites()
    {
        var notebook = PolyglotNotebook.Create();
        var cell = notebook.AddCode("1");
        var path = Path.Combine(TestSupport.NewTempDirectory(), "new.ipynb");
        notebook.Save(path);

        Assert.AreEqual(".net-csharp", (string?)notebook.Metadata["kernelspec"]!["name"]);
        Assert.AreEqual(".NET (C#)", (string?)notebook.Metadata["kernelspec"]!["display_name"]);
        Assert.AreEqual("C#", (string?)notebook.Metadata["kernelspec"]!["language"]);
        Assert.AreEqual("polyglot-notebook", (string?)notebook.Metadata["language_info"]!["name"]);
        Assert.AreEqual("csharp", (string?)notebook.Metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        Assert.AreEqual("csharp", (string?)cell.Metadata["polyglot_notebook"]!["kernelName"]);
        Assert.AreEqual("csharp", (string?)cell.Metadata["dotnet_interactive"]!["language"]);
        NbformatValidator.AssertValid(path);
    }

    [TestMethod]
    public void NotANotebookIsAClearError()
    {
        var e = Assert.ThrowsExactly<UserFacingException>(() => Notebook.Parse("""{"nbformat": 3, "cells": []}""", "old.ipynb"));
        StringAssert.Contains(e.Message, "old.ipynb");
        var bad = Assert.ThrowsExactly<UserFacingException>(() => Notebook.Parse("{\"cells\": [", "broken.ipynb"));
        StringAssert.Contains(bad.Message, "broken.ipynb is not valid JSON");
    }

    [TestMethod]
    public void UpgradeTo45GivesEveryCellAUniqueId()
    {
        var notebook = Notebook.Load(TestSupport.Fixture("legacy44.ipynb"));

        notebook.UpgradeToCellIds();

        Assert.AreEqual(5, notebook.NbformatMinor);
        var ids = notebook.Cells.Select(c => c.Id).ToList();
        Assert.IsTrue(ids.All(id => id is not null));
        Assert.HasCount(ids.Count, ids.Distinct());
    }

    [TestMethod]
    [DataRow(1.0, "1.0")]
    [DataRow(0.1, "0.1")]
    [DataRow(1e16, "1e+16")]
    [DataRow(1.5e-5, "1.5e-05")]
    [DataRow(0.0001, "0.0001")]
    [DataRow(123456789012345678.0, "1.2345678901234568e+17")]
    [DataRow(-2.5, "-2.5")]
    [DataRow(100.0, "100.0")]
    [DataRow(1e22, "1e+22")]
    public void FloatsPrintAsPythonDoes(double value, string expected) => Assert.AreEqual(expected, PythonFloat.Repr(value));

    [TestMethod]
    public void SplitLinesKeepsEndings()
    {
        CollectionAssert.AreEqual(new[] { "a\n", "b\r\n", "c" }, NotebookJsonWriter.SplitLinesKeepEnds("a\nb\r\nc").ToArray());
        Assert.HasCount(0, NotebookJsonWriter.SplitLinesKeepEnds(""));
    }

    [TestMethod]
    public void StringsEscapeLikePythonJson()
    {
        var notebook = PolyglotNotebook.Create();
        notebook.Metadata["s"] = "q\"b\\t\té\u0001";

        StringAssert.Contains(notebook.ToJson(), "\"s\": \"q\\\"b\\\\t\\té\\u0001\"");
        Assert.AreEqual("q\"b\\t\té\u0001", (string?)Notebook.Parse(notebook.ToJson()).Metadata["s"]);
    }
}
