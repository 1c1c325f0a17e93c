using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Ipynb;
using CreditPoC.Notebooks.Recording;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests.Recording;

/// <summary><c>record(...)</c> in a cell, the values in the executed notebook, and from there into the run store.</summary>
[TestClass]
public sealed class RecordTests
{
    [TestMethod]
    public async Task RecordedValuesTravelInTheExecutedNotebookAndReachTheStore()
    {
        var folder = NewTempDirectory();
        string read = Path.Combine(folder, "read.csv"), written = Path.Combine(folder, "written.csv");
        File.WriteAllText(read, "a\n1\n");
        File.WriteAllText(written, "b\n2\n");
        var input = WriteNotebook(
            $"record(metrics: new Dictionary<string, double> {{ [\"rows\"] = 1, [\"auc\"] = 0.75 }}, inputs: [@\"{read}\"],\n" +
            $"    artifacts: new Dictionary<string, string> {{ [\"out\"] = @\"{written}\" }});",
            "record(\"auc\", 0.8);\nrecord(\"nan\", double.NaN);");

        var (result, output) = await RunAsync(input);

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var shown = Outputs(output.Cells[0]).Single();
        Assert.AreEqual("display_data", (string?)shown["output_type"]);
        StringAssert.Contains(Text(shown["data"]!["text/plain"]), "metric   rows = 1");
        var values = RecordedValues.ReadFrom(output);
        Assert.AreEqual(0.8, values.Metrics["auc"], "a later record of the same name wins");
        Assert.AreEqual(1.0, values.Metrics["rows"]);
        Assert.IsTrue(double.IsNaN(values.Metrics["nan"]));
        Assert.AreEqual(Fingerprint.OfFile(read), values.Inputs[read], "inputs by full path with their hash");
        Assert.AreEqual(written, values.Artifacts["out"]);

        var db = Path.Combine(folder, "store.db");
        var store = new RunStore(db);
        var id = store.StartRun("task", input, new Dictionary<string, string>());
        Assert.IsNull(RecordedValuesStore.LogFromNotebook(store, id, Path.Combine(Path.GetDirectoryName(input)!, "out.ipynb")));
        var run = store.GetRun(id)!;
        Assert.AreEqual(0.8, run.Metrics["auc"]);
        Assert.AreEqual(written, run.Artifacts["out"]);
        StringAssert.StartsWith(run.InputFingerprints[read], "sha256:");
        SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public void ARecordStoredAsAJsonObjectReadsLikeOneStoredAsText()
    {
        var notebook = PolyglotNotebook.Create();
        var cell = notebook.AddCode("record(...)");
        var values = new RecordedValues(new Dictionary<string, double> { ["a"] = 1 }, new Dictionary<string, string>(), new Dictionary<string, string> { ["x"] = "/x" });
        cell.Outputs.Add(new System.Text.Json.Nodes.JsonObject
        {
            ["output_type"] = "display_data", ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["data"] = new System.Text.Json.Nodes.JsonObject { [RecordedValues.MimeType] = System.Text.Json.Nodes.JsonNode.Parse(values.ToJson()) },
        });
        var read = RecordedValues.ReadFrom(notebook);
        Assert.AreEqual(1.0, read.Metrics["a"]);
        Assert.AreEqual("/x", read.Artifacts["x"]);
    }

    [TestMethod]
    public async Task CellsSeeTheRunContextTheEngineGivesAndNothingLeaksOutOfTheRun()
    {
        var input = WriteNotebook("#r \"CreditPoC.dll\"\nCreditPoC.Tracking.RunContext.Current");
        var folder = Path.GetDirectoryName(input)!;
        var context = new RunContext(Path.Combine(folder, "runs", "2021-01-01", "r1"), Path.Combine(folder, "runs", "store.db"), "r1", "learn");
        var output = Path.Combine(folder, "out.ipynb");

        var result = await new NotebookRunner().RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = output, Context = context });

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var shown = Text(Outputs(Notebook.Load(output).Cells[0]).Single()["data"]!["text/plain"]);
        StringAssert.Contains(shown, context.RunDirectory);
        StringAssert.Contains(shown, "learn");
        Assert.AreNotEqual(context, RunContext.Current, "the context belongs to the notebook's run only");
    }

    [TestMethod]
    public void TheContextCrossesToAnotherProcessThroughTheEnvironment()
    {
        var context = new RunContext("/tmp/runs/2021-01-01/r1", "/tmp/runs/creditpoc.db", "r1", "inference");
        foreach (var (name, value) in context.ToEnvironment()) Environment.SetEnvironmentVariable(name, value);
        try
        {
            Assert.AreEqual(context, RunContext.FromEnvironment());
        }
        finally
        {
            foreach (var name in context.ToEnvironment().Keys) Environment.SetEnvironmentVariable(name, null);
        }
        Assert.IsNull(RunContext.FromEnvironment());
    }

    [TestMethod]
    public void AManualRunLivesBesideTheProjectsParametersFolder()
    {
        var root = NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(root, "parameters"));
        var notebooks = Directory.CreateDirectory(Path.Combine(root, "notebooks", "trial")).FullName;
        var manual = RunContext.Manual(notebooks);
        Assert.AreEqual(Path.Combine(root, "runs", "manual"), manual.RunDirectory);
        Assert.AreEqual(Path.Combine(root, "runs", "creditpoc.db"), manual.StorePath);
        Assert.IsFalse(manual.InPipeline);
    }
}
