using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Cli.Tests.Hardening;

/// <summary>
/// Cells that end, crash or hang their process (issue 14, part 2). <c>run</c> and <c>pipeline</c> run each notebook's
/// cells in a kernel process of its own, so such a cell fails its notebook with a banner, an end time and the HTML,
/// and the engine, and a pipeline's other tasks, go on.
/// </summary>
[TestClass]
public sealed class KernelProcessTests
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
        foreach (var cell in cells) notebook.AddCode(cell);
        notebook.Save(path);
        return path;
    }

    /// <summary>The saved notebook is a finished, failed Papermill record: banner, end time, the failing cell's error.</summary>
    private static JsonNode AssertSavedAsFailed(string output, string errorName)
    {
        var saved = JsonNode.Parse(File.ReadAllText(output))!;
        var papermill = saved["metadata"]!["papermill"]!;
        Assert.IsTrue((bool)papermill["exception"]!);
        Assert.IsNotNull((string?)papermill["end_time"], "the run has an end time");
        var text = saved.ToJsonString();
        StringAssert.Contains(text, "papermill-error-cell-tag", "the error banner");
        StringAssert.Contains(text, $"\"ename\":\"{errorName}\"");
        Assert.IsTrue(File.Exists(Path.ChangeExtension(output, ".html")), "the HTML was rendered");
        return saved;
    }

    [TestMethod]
    public void EnvironmentExitInACellFailsTheRunWithItsBannerAndHtml()
    {
        var notebook = Notebook("exit.ipynb", "Console.WriteLine(\"before the exit\");", "Environment.Exit(0);", "Console.WriteLine(\"never\");");
        var output = _temp.File("out.ipynb");
        var (code, _, error) = CliRunner.Run("run", notebook, "-o", output);

        Assert.AreEqual(1, code, error);
        StringAssert.Contains(error, "cell In [2] failed: DeadKernelError: the kernel process died while the cell ran (exit code 0)");
        var text = AssertSavedAsFailed(output, "DeadKernelError").ToJsonString();
        StringAssert.Contains(text, "before the exit");
        Assert.IsFalse(text.Contains("never\\n", StringComparison.Ordinal));
    }

    [TestMethod]
    public void AnExceptionOnAThreadTheCellStartedFailsTheCellWithItsMessage()
    {
        var notebook = Notebook("thread.ipynb",
            "var worker = new System.Threading.Thread(() => throw new InvalidOperationException(\"boom on a worker thread\"));\nworker.Start();\nworker.Join();");
        var output = _temp.File("out.ipynb");
        var (code, _, error) = CliRunner.Run("run", notebook, "-o", output);

        Assert.AreEqual(1, code, error);
        StringAssert.Contains(error, "(exit code 134 (SIGABRT)): Unhandled exception. System.InvalidOperationException: boom on a worker thread");
        AssertSavedAsFailed(output, "DeadKernelError");
    }

    [TestMethod]
    public void AStackOverflowFailsTheCellNotTheEngine()
    {
        // A recursive local function is caught by the recursion guard; a recursive lambda is not, and overflows the stack.
        var notebook = Notebook("overflow.ipynb", "Func<int, int> f = null!;\nf = n => f(n + 1) + 1;\nf(0)");
        var output = _temp.File("out.ipynb");
        var (code, _, error) = CliRunner.Run("run", notebook, "-o", output);

        Assert.AreEqual(1, code, error);
        StringAssert.Contains(error, "DeadKernelError: the kernel process died while the cell ran (exit code 134 (SIGABRT)): Stack overflow.");
        AssertSavedAsFailed(output, "DeadKernelError");
    }

    [TestMethod]
    public void ABusyLoopPastTheTimeoutKillsItsKernelAndFailsTheRun()
    {
        var notebook = Notebook("spin.ipynb", "Console.WriteLine(Environment.ProcessId);", "while (true) { }");
        var output = _temp.File("out.ipynb");
        var clock = Stopwatch.StartNew();
        var (code, _, error) = CliRunner.Run("run", notebook, "-o", output, "--execution-timeout", "5");

        Assert.AreEqual(1, code, error);
        StringAssert.Contains(error, "cell In [2] failed: TimeoutException: the cell ran longer than the execution timeout of 5 s");
        var saved = AssertSavedAsFailed(output, "TimeoutException");
        var errors = saved["cells"]!.AsArray().Select(c => c!["outputs"]).OfType<JsonArray>().SelectMany(o => o)
            .Count(o => (string?)o!["output_type"] == "error");
        Assert.AreEqual(1, errors, "one error, the timeout: not the kernel's interrupt as well");
        var printed = saved["cells"]!.AsArray().Select(c => c!["outputs"]).OfType<JsonArray>().SelectMany(o => o)
            .First(o => (string?)o!["output_type"] == "stream")!["text"]!;
        var kernelId = int.Parse((printed is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string)printed!).Trim(), CultureInfo.InvariantCulture);
        Assert.AreNotEqual(Environment.ProcessId, kernelId, "the cells ran in a kernel process");
        Assert.IsTrue(Gone(kernelId, TimeSpan.FromSeconds(5)), "the spinning kernel was killed, not left running");
        Assert.IsLessThan(60, clock.Elapsed.TotalSeconds);
    }

    [TestMethod]
    public void InProcessRunsTheCellsInTheEnginesOwnProcess()
    {
        var notebook = Notebook("pid.ipynb", "Environment.ProcessId");
        var output = _temp.File("out.ipynb");
        var (code, _, error) = CliRunner.Run("run", notebook, "-o", output, "--in-process", "--no-html");
        Assert.AreEqual(0, code, error);
        var shown = JsonNode.Parse(File.ReadAllText(output))!["cells"]![0]!["outputs"]![0]!["data"]!["text/plain"]!.ToJsonString();
        StringAssert.Contains(shown, $"\"{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}\"");
    }

    [TestMethod]
    public void EnvironmentExitInOnePipelineTaskEndsOnlyItsKernelAndTheSiblingTaskCompletes()
    {
        Notebook("exits.ipynb", "System.Threading.Thread.Sleep(1500);\nEnvironment.Exit(0);");
        Notebook("sibling.ipynb", "Console.WriteLine(\"sibling started\");", "await Task.Delay(6000);\nSystem.IO.File.WriteAllText(\"sibling.txt\", \"done\");\n\"sibling done\"");
        Notebook("after.ipynb", "1");
        var yaml = _temp.File("pipeline.yaml");
        File.WriteAllText(yaml, """
            max_parallel: 2
            tasks:
              - name: exits
                notebook: exits.ipynb
              - name: sibling
                notebook: sibling.ipynb
              - name: after
                notebook: after.ipynb
                depends_on: [exits]
            """);
        var runs = _temp.File("runs");
        var (code, output, error) = CliRunner.Run("pipeline", "--file", yaml, "--date", "2021-03-31", "--runs-dir", runs);

        Assert.AreEqual(1, code, output + error);
        var summaryPath = Directory.GetFiles(runs, "summary.json", SearchOption.AllDirectories).Single();
        var summary = JsonNode.Parse(File.ReadAllText(summaryPath))!;
        Assert.AreEqual("failed", (string?)summary["status"], "summary.json is finished, not left running");
        var tasks = summary["tasks"]!.AsArray().ToDictionary(t => (string)t!["task"]!, t => t!);
        Assert.AreEqual("failed", (string?)tasks["exits"]["status"]);
        StringAssert.Contains((string?)tasks["exits"]["error"], "exit code 0");
        Assert.AreEqual("succeeded", (string?)tasks["sibling"]["status"], (string?)tasks["sibling"]["error"]);
        Assert.AreEqual("skipped", (string?)tasks["after"]["status"]);
        Assert.AreEqual("done", File.ReadAllText(_temp.File("sibling.txt")));
        AssertSavedAsFailed(Path.Combine(Path.GetDirectoryName(summaryPath)!, "exits.ipynb"), "DeadKernelError");
    }

    private static bool Gone(int processId, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var process = Process.GetProcessById(processId);
                if (process.HasExited) return true;
            }
            catch (ArgumentException)
            {
                return true;
            }
            Thread.Sleep(100);
        }
        return false;
    }
}
