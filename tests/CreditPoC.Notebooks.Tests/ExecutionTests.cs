using System.Diagnostics;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Ipynb;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests;

[TestClass]
public sealed class ExecutionTests
{
    [TestMethod]
    public async Task CellsShareStateAndShowTrailingValuesDisplaysAndStreams()
    {
        var input = WriteNotebook(
            "var x = 20;\nint Twice(int v) => 2 * v;",
            "Console.WriteLine(\"out \" + x);\nConsole.Error.WriteLine(\"err\");\nConsole.WriteLine(\"more\");",
            "display(\"shown\");\nTwice(x) + 2",
            "x = 1;",
            "display(\"<b>bold</b>\", \"text/html\");\nrecord Point(int X, int Y);\nnew[] { new Point(1, 2), new Point(3, 4) }");

        var (result, output) = await RunAsync(input);

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var cells = output.Cells;
        CollectionAssert.AreEqual(new int?[] { 1, 2, 3, 4, 5 }, cells.Select(c => c.ExecutionCount).ToArray());
        Assert.HasCount(0, Outputs(cells[0]));

        var streams = Outputs(cells[1]);
        Assert.HasCount(3, streams);
        Assert.AreEqual("stdout", (string?)streams[0]["name"]);
        Assert.AreEqual("out 20\n", Text(streams[0]["text"]));
        Assert.AreEqual("stderr", (string?)streams[1]["name"]);
        Assert.AreEqual("err\n", Text(streams[1]["text"]));
        Assert.AreEqual("more\n", Text(streams[2]["text"]));

        var third = Outputs(cells[2]);
        Assert.AreEqual("display_data", (string?)third[0]["output_type"]);
        Assert.AreEqual("shown", Text(third[0]["data"]!["text/plain"]));
        Assert.AreEqual("execute_result", (string?)third[1]["output_type"]);
        Assert.AreEqual(3, (int)third[1]["execution_count"]!);
        Assert.AreEqual("42", Text(third[1]["data"]!["text/plain"]));

        Assert.HasCount(0, Outputs(cells[3]), "an assignment with a semicolon shows nothing");
        var fifth = Outputs(cells[4]);
        Assert.AreEqual("<b>bold</b>", Text(fifth[0]["data"]!["text/html"]));
        var table = Text(fifth[1]["data"]!["text/html"]);
        StringAssert.Contains(table, "<th>X</th><th>Y</th>");
        StringAssert.Contains(table, "<td>3</td><td>4</td>");
    }

    [TestMethod]
    public async Task RecordsPapermillMetadataOnTheNotebookAndEveryCell()
    {
        var input = WriteNotebook("var a = 1;");
        var notebook = Notebook.Load(input);
        notebook.AddMarkdown("# note");
        notebook.Save(input);

        var (_, output) = await RunAsync(input);

        var papermill = (JsonObject)output.Metadata["papermill"]!;
        foreach (var key in new[] { "parameters", "start_time", "end_time", "duration", "exception", "input_path", "output_path", "environment_variables", "version", "default_parameters" })
            Assert.IsTrue(papermill.ContainsKey(key), key);
        Assert.IsNull(papermill["exception"]);
        Assert.AreEqual(input, (string?)papermill["input_path"]);
        StringAssert.EndsWith((string?)papermill["start_time"], "+00:00");
        foreach (var cell in output.Cells)
        {
            var record = (JsonObject)cell.Metadata["papermill"]!;
            Assert.AreEqual("completed", (string?)record["status"]);
            Assert.IsFalse((bool)record["exception"]!);
            Assert.IsGreaterThanOrEqualTo(0.0, (double)record["duration"]!);
        }
        Assert.IsNotNull(output.Cells[0].Metadata["execution"]!["shell.execute_reply"]);
    }

    [TestMethod]
    public async Task AnExceptionStopsTheRunWithAnErrorOutputBannerAndSavedOutputs()
    {
        var input = WriteNotebook(
            "Console.WriteLine(\"before\");",
            "int Divide(int a) => 10 / a;\nvar zero = 0;\nDivide(zero)",
            "Console.WriteLine(\"never\");");

        var (result, output) = await RunAsync(input);

        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("System.DivideByZeroException", result.ErrorName);
        Assert.IsTrue((bool)output.Metadata["papermill"]!["exception"]!);
        var cells = output.Cells;
        Assert.IsTrue(cells[0].HasTag("papermill-error-cell-tag"));
        StringAssert.Contains(cells[0].Source, "An Exception was encountered at '<a href=\"#papermill-error-cell\">In [2]</a>'.");
        Assert.AreEqual("before\n", Text(Outputs(cells[1])[0]["text"]));
        StringAssert.Contains(cells[2].Source, "<span id=\"papermill-error-cell\"");
        Assert.AreEqual(3, result.FailedCellIndex);
        var error = Outputs(cells[3]).Single();
        Assert.AreEqual("error", (string?)error["output_type"]);
        Assert.AreEqual("System.DivideByZeroException", (string?)error["ename"]);
        var traceback = ((JsonArray)error["traceback"]!).Select(t => (string)t!).ToList();
        Assert.AreEqual("Cell In[2], line 1", traceback[0]);
        Assert.IsTrue(traceback.Any(t => t.Contains("in In[2]:line 3", StringComparison.Ordinal)), string.Join("\n", traceback));
        Assert.AreEqual("failed", (string?)cells[3].Metadata["papermill"]!["status"]);
        Assert.AreEqual("pending", (string?)cells[4].Metadata["papermill"]!["status"]);
        Assert.HasCount(0, Outputs(cells[4]));
    }

    [TestMethod]
    public async Task ACompileErrorNamesTheLineAndStops()
    {
        var input = WriteNotebook("var ok = 1;", "var y = 2;\nvar z = missing + 1;");

        var (result, output) = await RunAsync(input);

        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("CompilationError", result.ErrorName);
        StringAssert.Contains(result.ErrorMessage, "(2,9): error CS0103");
        var error = Outputs(CodeCell(output, 1)).Single();
        Assert.AreEqual("Cell In[2], line 2", (string?)((JsonArray)error["traceback"]!)[0]);
    }

    [TestMethod]
    [DataRow("#!fsharp\nlet x = 1", "'#!fsharp' is not supported")]
    [DataRow("#!pwsh\nGet-Date", "'#!pwsh' is not supported")]
    public async Task AnotherLanguageIsAnErrorNamingTheCell(string source, string expected)
    {
        var input = WriteNotebook("#!csharp\nvar fine = 1;\nfine", source);

        var (result, output) = await RunAsync(input);

        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("UnsupportedLanguage", result.ErrorName);
        StringAssert.Contains(result.ErrorMessage, "cell In [2] (id c2), line 1");
        StringAssert.Contains(result.ErrorMessage, expected);
        Assert.AreEqual("1", Text(Outputs(CodeCell(output, 0))[0]["data"]!["text/plain"]), "#!csharp is accepted");
    }

    [TestMethod]
    public async Task AKernelNameInMetadataOtherThanCSharpIsAnError()
    {
        var input = WriteNotebook("1");
        var notebook = Notebook.Load(input);
        notebook.Cells[0].Metadata["polyglot_notebook"]!["kernelName"] = "javascript";
        notebook.Save(input);

        var (result, _) = await RunAsync(input);

        Assert.AreEqual("UnsupportedLanguage", result.ErrorName);
        StringAssert.Contains(result.ErrorMessage, "is a 'javascript' cell");
    }

    [TestMethod]
    public async Task NugetReferencesToCarriedPackagesLoadAndOthersFail()
    {
        var input = WriteNotebook(
            "#r \"nuget: YamlDotNet, 16.3.0\"\n#r \"nuget: Plotly.NET.Interactive, 5.0.0\"\nusing YamlDotNet.Serialization;\nnew SerializerBuilder().Build().Serialize(new { a = 1 }).Trim()",
            "#r \"nuget: Newtonsoft.Json.Schema, 4.0.1\"");

        var (result, output) = await RunAsync(input);

        Assert.AreEqual("a: 1", Text(Outputs(CodeCell(output, 0))[0]["data"]!["text/plain"]));
        Assert.AreEqual("PackageNotAvailable", result.ErrorName);
        StringAssert.Contains(result.ErrorMessage, "Newtonsoft.Json.Schema");
        StringAssert.Contains(result.ErrorMessage, "It carries: ");
    }

    [TestMethod]
    public async Task ReferenceByPathToTheLibraryUsesTheEnginesCopy()
    {
        var input = WriteNotebook(
            "#r \"../../src/CreditPoC/bin/Release/net10.0/CreditPoC.dll\"\nusing CreditPoC.IO;",
            "AtomicFile.WriteAllText(\"written-by-cell.txt\", \"hello\");\nnew CreditPoC.UserFacingException(\"from the library\").Message");

        var (result, output) = await RunAsync(input);

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        Assert.AreEqual("from the library", Text(Outputs(CodeCell(output, 1))[0]["data"]!["text/plain"]));
        Assert.AreEqual("hello", File.ReadAllText(Path.Combine(Path.GetDirectoryName(input)!, "written-by-cell.txt")), "cells run in the notebook's folder");
    }

    [TestMethod]
    public async Task AnOutsideDllIsLoadedFromAPathRelativeToTheNotebook()
    {
        var input = WriteNotebook("#r \"lib/ExternalGreeter.dll\"", "ExternalGreeter.Greeter.Hello(\"bank\")");
        var library = Path.Combine(Path.GetDirectoryName(input)!, "lib", "ExternalGreeter.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "namespace ExternalGreeter { public static class Greeter { public static string Hello(string who) => \"hello \" + who; } }");
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("ExternalGreeter", [tree],
            [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using (var file = File.Create(library))
            Assert.IsTrue(compilation.Emit(file).Success);

        var (result, output) = await RunAsync(input);

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        Assert.AreEqual("hello bank", Text(Outputs(CodeCell(output, 1))[0]["data"]!["text/plain"]));
    }

    [TestMethod]
    public async Task AMissingDllIsAClearError()
    {
        var input = WriteNotebook("#r \"lib/NoSuchThing.dll\"");

        var (result, _) = await RunAsync(input);

        Assert.AreEqual("ReferenceNotFound", result.ErrorName);
        StringAssert.Contains(result.ErrorMessage, "NoSuchThing.dll");
    }

    [TestMethod]
    public async Task DataFramesAndChartsAreFormattedAsHtml()
    {
        var input = WriteNotebook(
            "#r \"nuget: Microsoft.Data.Analysis, 0.23.1\"\nusing Microsoft.Data.Analysis;\n" +
            "new DataFrame(new PrimitiveDataFrameColumn<int>(\"n\", Enumerable.Range(0, 30)), new StringDataFrameColumn(\"s\", Enumerable.Range(0, 30).Select(i => \"v\" + i)))",
            "#r \"nuget: Plotly.NET, 6.0.0\"\nusing Plotly.NET;\nvar trace = new Trace2D(\"bar\");\ntrace.SetProperty(\"x\", new[] { \"a\", \"b\" });\ntrace.SetProperty(\"y\", new[] { 1, 2 });\nGenericChart.ofTraceObject(true, trace)");

        var (result, output) = await RunAsync(input);

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var frame = Outputs(CodeCell(output, 0))[0]["data"]!;
        var html = Text(frame["text/html"]);
        StringAssert.Contains(html, "<th>n</th><th>s</th>");
        StringAssert.Contains(html, "<td>19</td><td>v19</td>");
        Assert.DoesNotContain("<td>20</td>", html);
        StringAssert.Contains(html, "first 20 rows of 30 rows × 2 columns");
        StringAssert.Contains(Text(frame["text/plain"]), "30 rows × 2 columns");
        var chart = Text(Outputs(CodeCell(output, 1))[0]["data"]!["text/html"]);
        StringAssert.Contains(chart, "Plotly.newPlot(");
        StringAssert.Contains(chart, "\"type\":\"bar\"");
        Assert.DoesNotContain("<script src", chart);
        Assert.DoesNotContain("cdn", chart);
    }

    [TestMethod]
    public async Task ACellOverTheTimeoutFailsAndTheNotebookIsSaved()
    {
        var input = WriteNotebook("Console.WriteLine(\"started\");", "System.Threading.Thread.Sleep(30_000);");
        var clock = Stopwatch.StartNew();

        // Long enough for the first cell to compile on a busy machine, far shorter than the sleep.
        var (result, output) = await RunAsync(input, timeout: TimeSpan.FromSeconds(3));

        Assert.IsLessThan(20_000, clock.ElapsedMilliseconds, "the run ends at the timeout, not when the cell would");
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("TimeoutException", result.ErrorName);
        Assert.AreEqual("started\n", Text(Outputs(CodeCell(output, 0))[0]["text"]));
    }

    [TestMethod]
    public async Task CancellationStopsCleanlyAndSaves()
    {
        var input = WriteNotebook("var a = 1;", "System.Threading.Thread.Sleep(30_000);", "var b = 2;");
        using var cancel = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        // Cancel (like Ctrl+C) 300 ms after the sleeping cell starts.
        var (result, output) = await RunAsync(input, cancellationToken: cancel.Token, observer: new CancelOnCell(2, cancel));

        Assert.IsLessThan(20_000, clock.ElapsedMilliseconds);
        Assert.IsTrue(result.Cancelled);
        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("OperationCanceledException", (string?)Outputs(CodeCell(output, 1))[0]["ename"]);
        Assert.AreEqual(1, CodeCell(output, 0).ExecutionCount);
        Assert.IsNull(CodeCell(output, 2).ExecutionCount);
    }

    private sealed class CancelOnCell(int cellNumber, CancellationTokenSource cancel) : INotebookRunObserver
    {
        public void NotebookStarted(string inputPath, int codeCellCount) { }
        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine)
        {
            if (codeCellNumber == cellNumber) cancel.CancelAfter(300);
        }
        public void CellOutput(string text, bool isError) { }
        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration) { }
        public void NotebookFinished(NotebookRunResult result) { }
    }

    [TestMethod]
    public async Task ParametersAreInjectedAndTypedBeforeCellsRun()
    {
        var input = Path.Combine(NewTempDirectory(), "parameters.ipynb");
        File.Copy(Fixture("parameters.ipynb"), input);

        var (result, output) = await RunAsync(input, new Dictionary<string, string> { ["TARGET_DATE"] = "2021-02-28", ["AS_OF"] = "20210228", ["ROWS"] = "7", ["COLUMNS"] = "p,q" });

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var injected = output.Cells[2];
        Assert.IsTrue(injected.HasTag("injected-parameters"));
        Assert.AreEqual("// Parameters\nvar TARGET_DATE = \"2021-02-28\";\nvar AS_OF = new DateOnly(2021, 2, 28);\nvar ROWS = 7;\nvar COLUMNS = new [] { \"p\", \"q\" };\n", injected.Source);
        var printed = Text(Outputs(output.Cells[3])[0]["text"]);
        Assert.AreEqual("2021-02-28|train|7|5000000000|0.25|1.5|False|2021-02-28|2021-01-31T13:45:00|p,q\n", printed);
    }

    [TestMethod]
    public async Task ABadParameterFailsBeforeAnythingRunsOrIsWritten()
    {
        var input = Path.Combine(NewTempDirectory(), "parameters.ipynb");
        File.Copy(Fixture("parameters.ipynb"), input);
        var outputPath = Path.Combine(Path.GetDirectoryName(input)!, "out.ipynb");

        var e = await Assert.ThrowsExactlyAsync<UserFacingException>(() => new NotebookRunner().RunAsync(new NotebookRunOptions
        {
            InputPath = input, OutputPath = outputPath, Parameters = new Dictionary<string, string> { ["AS_OF"] = "2021-13-01" },
        }));

        StringAssert.Contains(e.Message, "parameter AS_OF (DateOnly): '2021-13-01' is not valid; expected a date like 2021-01-31 or 20210131");
        Assert.IsFalse(File.Exists(outputPath));
    }

    [TestMethod]
    public async Task UndeclaredParametersWarnAndStrictRunsRefuseThem()
    {
        var input = Path.Combine(NewTempDirectory(), "parameters.ipynb");
        File.Copy(Fixture("parameters.ipynb"), input);

        var (result, output) = await RunAsync(input, new Dictionary<string, string> { ["TARGET_DTE"] = "2021-02-28" });

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        StringAssert.Contains(result.Warnings.Single(), "TARGET_DTE is not declared; parameters.ipynb declares: TARGET_DATE");
        Assert.AreEqual("// Parameters\nvar TARGET_DTE = \"2021-02-28\";\n", output.Cells[2].Source);
        await Assert.ThrowsExactlyAsync<UserFacingException>(() => new NotebookRunner().RunAsync(new NotebookRunOptions
        {
            InputPath = input, OutputPath = input + ".out.ipynb", Strict = true,
            Parameters = new Dictionary<string, string> { ["TARGET_DTE"] = "2021-02-28" },
        }));
    }

    [TestMethod]
    public async Task TheWorkingDirectoryCanBeChosen()
    {
        var input = WriteNotebook("#r \"nuget: Microsoft.ML, 5.0.1\" // the engine carries it\nusing Microsoft.ML;\nvar context = new MLContext(seed: 1);\nSystem.IO.Directory.GetCurrentDirectory()");
        var elsewhere = NewTempDirectory();
        var output = Path.Combine(Path.GetDirectoryName(input)!, "out.ipynb");

        var result = await new NotebookRunner().RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = output, WorkingDirectory = elsewhere });

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        Assert.AreEqual(elsewhere, Text(Outputs(Notebook.Load(output).Cells[0])[0]["data"]!["text/plain"]));
        Assert.AreNotEqual(elsewhere, Environment.CurrentDirectory, "the process directory is restored after the run");
    }

    [TestMethod]
    public async Task TheOutputMayNotBeTheInput()
    {
        var input = WriteNotebook("1");

        var e = await Assert.ThrowsExactlyAsync<UserFacingException>(() => new NotebookRunner().RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = input }));

        StringAssert.Contains(e.Message, "must not be the input");
    }

    [TestMethod]
    public async Task ALegacyNotebookIsUpgradedAndValid()
    {
        var input = Path.Combine(NewTempDirectory(), "legacy.ipynb");
        File.Copy(Fixture("legacy44.ipynb"), input);

        var (result, output) = await RunAsync(input, new Dictionary<string, string> { ["NAME"] = "y" });

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        Assert.AreEqual(5, output.NbformatMinor);
        Assert.AreEqual("y", Text(Outputs(output.Cells[2])[0]["data"]!["text/plain"]));
    }

    [TestMethod]
    public async Task TheObserverSeesEveryCell()
    {
        var input = Path.Combine(NewTempDirectory(), "trivial10.ipynb");
        File.Copy(Fixture("trivial10.ipynb"), input);
        var observer = new RecordingObserver();

        var (result, output) = await RunAsync(input, observer: observer);

        Assert.IsTrue(result.Succeeded);
        Assert.AreEqual("45", Text(Outputs(output.Cells[9])[0]["data"]!["text/plain"]));
        Assert.AreEqual(10, observer.CodeCellCount);
        CollectionAssert.AreEqual(Enumerable.Range(1, 10).ToArray(), observer.Started.ToArray());
        Assert.HasCount(10, observer.Finished);
        Assert.IsTrue(observer.NotebookFinished);
        StringAssert.Contains(observer.Output, "45");
    }

    [TestMethod]
    public async Task AnObserverPrintingToTheConsoleDoesNotFeedTheCellAgain()
    {
        var input = WriteNotebook("Console.WriteLine(\"once\");\ndisplay(7);");

        var (result, output) = await RunAsync(input, observer: new ConsoleEchoObserver());

        Assert.IsTrue(result.Succeeded, result.ErrorMessage);
        var outputs = Outputs(output.Cells[0]);
        Assert.HasCount(2, outputs);
        Assert.AreEqual("once\n", Text(outputs[0]["text"]));
    }

    private sealed class ConsoleEchoObserver : INotebookRunObserver
    {
        public void NotebookStarted(string inputPath, int codeCellCount) => Console.WriteLine("start");
        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine) => Console.WriteLine(firstLine);
        public void CellOutput(string text, bool isError) => Console.Write("echo: " + text);
        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration) => Console.WriteLine("done");
        public void NotebookFinished(NotebookRunResult result) => Console.WriteLine("finished");
    }

    private sealed class RecordingObserver : INotebookRunObserver
    {
        public int CodeCellCount;
        public readonly List<int> Started = [];
        public readonly List<bool> Finished = [];
        public string Output = "";
        public bool NotebookFinished;

        public void NotebookStarted(string inputPath, int codeCellCount) => CodeCellCount = codeCellCount;
        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine) => Started.Add(codeCellNumber);
        public void CellOutput(string text, bool isError) => Output += text;
        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration) => Finished.Add(succeeded);
        void INotebookRunObserver.NotebookFinished(NotebookRunResult result) => NotebookFinished = true;
    }
}
