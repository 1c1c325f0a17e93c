using System.Diagnostics;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Ipynb;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests;

/// <summary>The execution core the headless runner and the kernel share: displays updated by id, prepare-only, interrupts.</summary>
[TestClass]
public sealed class ExecutionCoreTests
{
    [TestMethod]
    public async Task ADisplayUpdatedByIdIsReplacedWhereItWasShownAndDisplayReturnsNoResult()
    {
        var input = WriteNotebook("var shown = display(\"first\");", "shown.Update(\"second\");\ndisplay(\"other\")");

        var (result, output) = await RunAsync(input);

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var first = Outputs(CodeCell(output, 0));
        Assert.HasCount(1, first);
        Assert.AreEqual("second", Text(first[0]["data"]!["text/plain"]), "updated in the cell that showed it");
        var second = Outputs(CodeCell(output, 1));
        Assert.HasCount(1, second, "display(...) as the last expression shows its value once, not also as a result");
        Assert.AreEqual("display_data", (string?)second[0]["output_type"]);
    }

    [TestMethod]
    public async Task PrepareOnlyWritesTheParameterizedNotebookWithoutRunningIt()
    {
        var notebook = PolyglotNotebook.Create();
        notebook.AddCell(PolyglotNotebook.CodeCell("var N = 1;", tags: "parameters"));
        notebook.AddCell(PolyglotNotebook.CodeCell("Console.WriteLine(N);"));
        var folder = NewTempDirectory();
        var input = Path.Combine(folder, "in.ipynb");
        notebook.Save(input);
        var output = Path.Combine(folder, "prepared.ipynb");

        var result = await new NotebookRunner().RunAsync(new NotebookRunOptions
        {
            InputPath = input, OutputPath = output, PrepareOnly = true, Parameters = new Dictionary<string, string> { ["N"] = "5" },
        });

        Assert.IsTrue(result.Succeeded);
        var prepared = Notebook.Load(output);
        Assert.HasCount(3, prepared.Cells, "the injected-parameters cell follows the parameters cell");
        StringAssert.Contains(prepared.Cells[1].Source, "var N = 5;");
        Assert.IsTrue(prepared.Cells.All(c => c.Outputs.Count == 0 && c.ExecutionCount is null), "nothing ran");
    }

    [TestMethod]
    [DataRow("System.Threading.Thread.Sleep(60_000);")]
    [DataRow("await Task.Delay(60_000);")]
    [DataRow("new System.Threading.ManualResetEventSlim(false).Wait();")]
    public async Task AnInterruptStopsASleepingWaitingOrAwaitingCellAndTheStateSurvives(string blocking)
    {
        var session = new ExecutionSession(NewTempDirectory()) { CancelledMessage = "interrupted" };
        var outputs = new JsonArray();
        Assert.IsTrue((await session.RunCellAsync(CellSubmission.Numbered("var kept = 41;", 1), Collector(outputs))).Succeeded);

        // Interrupted once the cell has surely compiled and blocked, even on a busy machine.
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();
        var outcome = await session.RunCellAsync(CellSubmission.Numbered(blocking, 2), Collector(outputs), interrupt.Token);

        Assert.IsLessThan(3.5, clock.Elapsed.TotalSeconds, "stopped well within a second of the interrupt");
        Assert.IsTrue(outcome.Cancelled);
        Assert.IsFalse(outcome.Abandoned);
        Assert.AreEqual("interrupted", outcome.Error!.Value);
        var after = new JsonArray();
        Assert.IsTrue((await session.RunCellAsync(CellSubmission.Numbered("kept + 1", 3), Collector(after))).Succeeded);
        Assert.AreEqual("42", Text(after[0]!["data"]!["text/plain"]));
    }

    [TestMethod]
    public async Task ACellThatNeverWaitsIsAbandonedAndItsLateStateNeverSlipsIn()
    {
        var session = new ExecutionSession(NewTempDirectory());
        using var interrupt = new CancellationTokenSource(TimeSpan.FromSeconds(2)); // once the cell surely spins
        var spin = "var late = 1;\nvar until = DateTime.UtcNow.AddSeconds(5);\nwhile (DateTime.UtcNow < until) { }";

        var outcome = await session.RunCellAsync(CellSubmission.Numbered(spin, 1), Collector(new JsonArray()), interrupt.Token);

        Assert.IsTrue(outcome.Abandoned);
        await Task.Delay(4000); // the abandoned cell finishes in the background
        var after = new JsonArray();
        var check = await session.RunCellAsync(CellSubmission.Numbered("late", 2), Collector(after));
        Assert.AreEqual("CompilationError", check.Error?.Name, "the abandoned cell's variables are not part of the session");
    }

    [TestMethod]
    [DataRow("int Down(int n) => Down(n + 1);\nDown(0)")]
    [DataRow("long Deep(long n)\n{\n    return 1 + Deep(n + 1);\n}\nDeep(0)")]
    [DataRow("void Loop() =>\n    Loop();\nLoop();")]
    [DataRow("class Node { public int Depth(int n) { return Depth(n + 1); } }\nnew Node().Depth(0)")]
    public async Task EndlessRecursionIsACellErrorNotAStackOverflow(string code)
    {
        var session = new ExecutionSession(NewTempDirectory());
        var outputs = new JsonArray();

        var outcome = await session.RunCellAsync(CellSubmission.Numbered(code, 1), Collector(outputs));

        Assert.AreEqual("System.InsufficientExecutionStackException", outcome.Error?.Name, outcome.Error?.Value);
        var after = new JsonArray();
        Assert.IsTrue((await session.RunCellAsync(CellSubmission.Numbered("1 + 1", 2), Collector(after))).Succeeded, "the session goes on");
    }

    [TestMethod]
    public async Task GuardedMethodsKeepTheirLineNumbersAndResults()
    {
        var session = new ExecutionSession(NewTempDirectory());
        var outputs = new JsonArray();
        var code = "int Twice(int v) => 2 * v;\nvoid Say(string s) =>\n    Console.WriteLine(s);\nint Fail()\n{\n    throw new InvalidOperationException(\"here\");\n}\nSay(\"x\" + Twice(21));\nFail()";

        var outcome = await session.RunCellAsync(CellSubmission.Numbered(code, 1), Collector(outputs));

        Assert.AreEqual("x42\n", Text(outputs[0]!["text"]));
        Assert.AreEqual("Cell In[1], line 6", outcome.Error!.Traceback[0], "the throw is still on line 6");
    }

    private static ICellOutput Collector(JsonArray outputs) => new CellOutputCollector(outputs, null);
}
