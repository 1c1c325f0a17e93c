using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Progress;

namespace CreditPoC.Notebooks.Tests.Progress;

[TestClass]
public sealed class ConsoleProgressTests
{
    private static void Drive(INotebookRunObserver observer, bool fail = false)
    {
        observer.NotebookStarted("notebooks/learn.ipynb", 2);
        observer.CellStarted(1, 2, "var model = Train(data);");
        observer.CellOutput("AUC 0.761\nrounds 412\n", isError: false);
        observer.CellFinished(1, true, TimeSpan.FromSeconds(1.5));
        observer.CellStarted(2, 2, "model.Save(path);");
        observer.CellOutput("disk full", isError: true);
        observer.CellFinished(2, !fail, TimeSpan.FromSeconds(0.25));
        observer.NotebookFinished(new NotebookRunResult
        {
            Succeeded = !fail, OutputPath = "out/learn.ipynb", Duration = TimeSpan.FromSeconds(1.75),
            ErrorName = fail ? "IOException" : null, ErrorMessage = fail ? "disk full" : null,
        });
    }

    [TestMethod]
    public void PlainLinesForLogsNameTheNotebookAndEachCell()
    {
        var writer = new StringWriter();
        Drive(new ConsoleProgress(writer, interactive: false, logOutput: false).ForNotebook("learn"), fail: true);
        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(new[]
        {
            "[learn] started notebooks/learn.ipynb (2 code cells)",
            "[learn] cell 1/2: var model = Train(data);",
            "[learn] cell 2/2: model.Save(path);",
            "[learn] cell 2/2 failed after 0.3 s",
            "[learn] failed in 1.8 s: IOException: disk full -> out/learn.ipynb",
        }, lines);
        Assert.DoesNotContain("\r", writer.ToString());
    }

    [TestMethod]
    public void LogOutputStreamsCellOutputLineByLine()
    {
        var writer = new StringWriter();
        Drive(new ConsoleProgress(writer, interactive: false, logOutput: true).ForNotebook("learn"));
        var text = writer.ToString();
        StringAssert.Contains(text, "[learn] | AUC 0.761" + Environment.NewLine + "[learn] | rounds 412");
        StringAssert.Contains(text, "[learn] ! disk full");
        StringAssert.Contains(text, "[learn] succeeded in 1.8 s -> out/learn.ipynb");
    }

    [TestMethod]
    public void ATerminalGetsOneStatusLineWithABarRedrawnInPlace()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, interactive: true, logOutput: false, width: 120);
        var learn = progress.ForNotebook("learn");
        var infer = progress.ForNotebook("inference");
        learn.NotebookStarted("learn.ipynb", 4);
        infer.NotebookStarted("inference.ipynb", 2);
        learn.CellStarted(3, 4, "Evaluate();");
        var text = writer.ToString();
        StringAssert.Contains(text, "\rlearn [#####-----] 3/4  |  inference starting");
        Assert.DoesNotContain("\n", text, "nothing but the status line was written so far");
        infer.CellStarted(1, 2, "var scores = model.Score(batch);");
        learn.NotebookFinished(new NotebookRunResult { Succeeded = true, OutputPath = "learn.out.ipynb", Duration = TimeSpan.FromSeconds(2) });
        StringAssert.Contains(writer.ToString(), "[learn] succeeded in 2.0 s -> learn.out.ipynb" + Environment.NewLine + "\rinference [--------------------] 1/2 var scores = model.Score(batch);");
    }
}
