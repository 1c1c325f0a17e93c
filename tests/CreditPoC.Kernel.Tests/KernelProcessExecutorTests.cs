using System.Text.Json.Nodes;
using CreditPoC.Kernel.Client;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Kernel.Tests;

/// <summary>
/// The engine as a Jupyter client of its own kernel (<see cref="KernelProcessExecutor"/>, the default of
/// <c>run</c> and <c>pipeline</c>): the executed notebook and the observer's calls are those of the in-process engine,
/// each notebook gets a fresh kernel (the warm spare included), and disposing ends the spare.
/// </summary>
[TestClass]
public sealed class KernelProcessExecutorTests
{
    private TempFolder _temp = null!;

    [TestInitialize]
    public void Init() => _temp = new TempFolder();

    [TestCleanup]
    public void Cleanup() => _temp.Dispose();

    private string Notebook(string name, params string[] cells)
    {
        var path = _temp.File(name);
        var notebook = PolyglotNotebook.Create();
        notebook.AddCode("var N = 1L;", "parameters");
        foreach (var cell in cells) notebook.AddCode(cell);
        notebook.Save(path);
        return path;
    }

    [TestMethod]
    public async Task TheExecutedNotebookAndTheObserverCallsAreThoseOfTheInProcessEngine()
    {
        var input = Notebook("parity.ipynb",
            "Console.WriteLine($\"N is {N}\");\nConsole.Error.WriteLine(\"to stderr\");",
            "var shown = display(\"first\");\ndisplay(\"<b>bold</b>\", \"text/html\");",
            "shown.Update(\"second\");\nrecord(\"auc\", 0.75);",
            "System.IO.Path.GetFileName(System.IO.Directory.GetCurrentDirectory())",
            "new { A = 1, B = \"two\" }",
            "throw new InvalidOperationException(\"stop here\");",
            "Console.WriteLine(\"never runs\");");
        var parameters = new Dictionary<string, string> { ["N"] = "5" };

        var inProcess = new RecordingObserver();
        var expected = await new NotebookRunner().RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = _temp.File("in.ipynb"), Parameters = parameters }, inProcess);
        var kernel = new RecordingObserver();
        NotebookRunResult actual;
        using (var executor = new KernelProcessExecutor(warmSpare: false))
            actual = await executor.RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = _temp.File("kernel.ipynb"), Parameters = parameters }, kernel);

        Assert.IsFalse(actual.Succeeded);
        Assert.AreEqual(expected.FailedCellIndex, actual.FailedCellIndex);
        Assert.AreEqual(expected.ErrorName, actual.ErrorName);
        Assert.AreEqual(expected.ErrorMessage, actual.ErrorMessage);
        var want = Cells(_temp.File("in.ipynb"));
        var got = Cells(_temp.File("kernel.ipynb"));
        Assert.HasCount(want.Count, got);
        for (var i = 0; i < want.Count; i++) Assert.AreEqual(want[i], got[i], $"cell {i}");
        StringAssert.Contains(string.Join("\n", got), "application/vnd.creditpoc.record", "the record output is carried over");
        CollectionAssert.AreEqual(inProcess.Calls, kernel.Calls);
    }

    [TestMethod]
    public async Task EachNotebookGetsAFreshKernelAndTheSpareEndsWithTheExecutor()
    {
        var first = Notebook("first.ipynb", "var leftover = 42;", "Environment.ProcessId");
        var second = Notebook("second.ipynb", "Environment.ProcessId", "leftover");
        int firstKernel, secondKernel, spare;
        using (var executor = new KernelProcessExecutor(warmSpare: true))
        {
            var one = await executor.RunAsync(new NotebookRunOptions { InputPath = first, OutputPath = _temp.File("first.out.ipynb") });
            Assert.IsTrue(one.Succeeded, one.ErrorMessage);
            var two = await executor.RunAsync(new NotebookRunOptions { InputPath = second, OutputPath = _temp.File("second.out.ipynb") });
            Assert.IsFalse(two.Succeeded, "a variable of the first notebook is not in the second's kernel");
            StringAssert.Contains(two.ErrorMessage, "leftover");
            firstKernel = ProcessIdShown(_temp.File("first.out.ipynb"));
            secondKernel = ProcessIdShown(_temp.File("second.out.ipynb"));
            spare = await executor.Engine.SpareProcessIdAsync() ?? throw new AssertFailedException("no spare kernel was started");
            Assert.IsFalse(Gone(spare, TimeSpan.Zero), "the spare kernel waits for the next notebook");
        }
        Assert.AreNotEqual(Environment.ProcessId, firstKernel);
        Assert.AreNotEqual(firstKernel, secondKernel);
        Assert.IsTrue(Gone(firstKernel) && Gone(secondKernel), "the notebooks' kernels ended with their runs");
        Assert.IsTrue(Gone(spare), "the spare kernel ended with the executor");
    }

    [TestMethod]
    public async Task APreparedExecutorKeepsItsSparesReadyBeforeTheFirstNotebookAndEndsThemAll()
    {
        var input = Notebook("prepared.ipynb", "Environment.ProcessId");
        int served, spare;
        using (var executor = new KernelProcessExecutor(warmSpare: true))
        {
            executor.Prepare(_temp.Path, spares: 2);
            await WaitUntil(() => executor.Engine.SpareCount == 2, TimeSpan.FromMinutes(1));
            var first = await executor.Engine.SpareProcessIdAsync() ?? throw new AssertFailedException("no spare kernel was started");
            var result = await executor.RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = _temp.File("prepared.out.ipynb") });
            Assert.IsTrue(result.Succeeded, result.ErrorMessage);
            served = ProcessIdShown(_temp.File("prepared.out.ipynb"));
            Assert.AreEqual(first, served, "the notebook ran in the spare that was ready first");
            await WaitUntil(() => executor.Engine.SpareCount == 2, TimeSpan.FromMinutes(1)); // idle again: the pool fills up
            spare = await executor.Engine.SpareProcessIdAsync() ?? throw new AssertFailedException("no spare after the notebook");
            Assert.AreNotEqual(served, spare);
        }
        Assert.IsTrue(Gone(served), "the notebook's kernel ended with its run");
        Assert.IsTrue(Gone(spare), "the spares ended with the executor");
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit) throw new AssertFailedException($"not reached within {limit.TotalSeconds:0} s");
            await Task.Delay(50);
        }
    }

    [TestMethod]
    public async Task AKernelThatCannotStartFailsTheFirstCellWithTheCommandNotTheArguments()
    {
        var input = Notebook("nokernel.ipynb", "1 + 1");
        var output = _temp.File("nokernel.out.ipynb");
        using var executor = new KernelProcessExecutor(warmSpare: false, launcher: [_temp.File("no-such-dotnet"), "kernel"]);
        var result = await executor.RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = output });

        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("KernelStartError", result.ErrorName);
        StringAssert.Contains(result.ErrorMessage, "cannot start the kernel process " + _temp.File("no-such-dotnet"));
        var saved = File.ReadAllText(output);
        StringAssert.Contains(saved, "papermill-error-cell-tag");
        StringAssert.Contains(saved, "KernelStartError");
    }

    private static List<string> Cells(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray()
            .Select(c => new JsonObject
            {
                ["source"] = c!["source"]!.DeepClone(),
                ["execution_count"] = c["execution_count"]?.DeepClone(),
                ["outputs"] = c["outputs"]?.DeepClone(),
                ["status"] = c["metadata"]?["papermill"]?["status"]?.DeepClone(),
            }.ToJsonString()).ToList();

    private static int ProcessIdShown(string notebook)
    {
        var outputs = JsonNode.Parse(File.ReadAllText(notebook))!["cells"]!.AsArray().Select(c => c!["outputs"]).OfType<JsonArray>().SelectMany(o => o);
        var text = outputs.First(o => (string?)o!["output_type"] == "execute_result")!["data"]!["text/plain"]!;
        return int.Parse(text is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string)text!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool Gone(int processId) => Gone(processId, TimeSpan.FromSeconds(5));

    private static bool Gone(int processId, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        do
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(processId);
                if (process.HasExited) return true;
            }
            catch (ArgumentException)
            {
                return true;
            }
            Thread.Sleep(100);
        }
        while (DateTime.UtcNow < deadline);
        return false;
    }

    private sealed class RecordingObserver : INotebookRunObserver
    {
        public List<string> Calls { get; } = [];

        public void NotebookStarted(string inputPath, int codeCellCount) => Add($"started {codeCellCount}");
        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine) => Add($"cell {codeCellNumber}/{codeCellCount} {firstLine}");
        public void CellOutput(string text, bool isError) => Add($"{(isError ? "stderr" : "stdout")} {text}");
        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration) => Add($"finished {codeCellNumber} {succeeded}");
        public void NotebookFinished(NotebookRunResult result) => Add($"done {result.Succeeded} {result.ErrorName}");

        private void Add(string call)
        {
            lock (Calls) Calls.Add(call);
        }
    }
}
