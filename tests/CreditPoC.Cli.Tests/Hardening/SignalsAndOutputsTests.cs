using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CreditPoC.Cli.Tests.Hardening;

/// <summary>Signals, disk full, outputs that are not ours, and option values that used to crash.</summary>
[TestClass]
public sealed class SignalsAndOutputsTests
{
    private TempFolder _temp = null!;

    [TestInitialize]
    public void Init() => _temp = new TempFolder();

    [TestCleanup]
    public void Cleanup() => _temp.Dispose();

    private string Notebook(params string[] cells)
    {
        var path = _temp.File("nb.ipynb");
        var notebook = CreditPoC.Notebooks.Ipynb.PolyglotNotebook.Create();
        foreach (var cell in cells) CreditPoC.Notebooks.Ipynb.PolyglotNotebook.AddCode(notebook, cell);
        notebook.Save(path);
        return path;
    }

    [TestMethod]
    public void SigtermMidCellSavesTheNotebookWithItsOutputBannerAndHtml()
    {
        var notebook = Notebook("Console.WriteLine(\"before the wait\");", "Console.WriteLine(\"waiting\");\nawait Task.Delay(60_000);");
        var output = _temp.File("out.ipynb");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "CreditPoC.Cli.dll"), "run", notebook, "-o", output, "--log-output" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var waiting = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("waiting", StringComparison.Ordinal) == true) waiting.TrySetResult(); };
        process.BeginOutputReadLine();
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.BeginErrorReadLine();
        Assert.IsTrue(waiting.Task.Wait(TimeSpan.FromMinutes(2)), "the cell did not start");
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromSeconds(30)), "SIGTERM did not end the run");

        Assert.AreEqual(143, process.ExitCode, errors.ToString());
        var saved = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.IsTrue((bool)saved["metadata"]!["papermill"]!["exception"]!);
        Assert.IsNotNull((string?)saved["metadata"]!["papermill"]!["end_time"]);
        var text = saved.ToJsonString();
        StringAssert.Contains(text, "before the wait");
        StringAssert.Contains(text, "waiting");
        StringAssert.Contains(text, "papermill-error-cell-tag");
        Assert.IsTrue(File.Exists(Path.ChangeExtension(output, ".html")));
    }

    [TestMethod]
    public void RunAndRenderReplaceOnlyTheirOwnOutputsUnlessForced()
    {
        var notebook = Notebook("1 + 1");
        var csv = _temp.File("existing.csv");
        File.WriteAllText(csv, "keep me\n");
        var (code, _, error) = CliRunner.Run("run", notebook, "-o", csv);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "-o " + csv + " must end in .ipynb");
        (code, _, error) = CliRunner.Run("render", notebook, "-o", csv);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "must end in .html");
        Assert.AreEqual("keep me\n", File.ReadAllText(csv));

        var foreign = _temp.File("foreign.ipynb");
        File.WriteAllText(foreign, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        (code, _, error) = CliRunner.Run("run", notebook, "-o", foreign);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "exists and is not an earlier output of creditpoc; pass --force");
        var page = _temp.File("page.html");
        File.WriteAllText(page, "<html>someone's page</html>");
        (code, _, _) = CliRunner.Run("render", notebook, "-o", page);
        Assert.AreEqual(2, code);
        Assert.AreEqual("<html>someone's page</html>", File.ReadAllText(page));

        var ours = _temp.File("ours.ipynb");
        Assert.AreEqual(0, CliRunner.Run("run", notebook, "-o", ours).Code);
        Assert.AreEqual(0, CliRunner.Run("run", notebook, "-o", ours).Code, "an earlier output of ours is replaced");
        Assert.AreEqual(0, CliRunner.Run("run", notebook, "-o", foreign, "--force").Code);
        Assert.AreEqual(0, CliRunner.Run("render", ours, "-o", page, "--force").Code);
    }

    [TestMethod]
    [DataRow("1e308")]
    [DataRow("Infinity")]
    [DataRow("NaN")]
    [DataRow("5000000")]
    public void AnExecutionTimeoutBeyondWhatTimersHoldIsABadArgument(string seconds)
    {
        var (code, _, error) = CliRunner.Run("run", Notebook("1"), "-o", _temp.File("o.ipynb"), "--execution-timeout", seconds);
        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, "--execution-timeout must be a positive number of seconds up to 2000000");
        Assert.IsFalse(File.Exists(_temp.File("o.ipynb")));
    }

    [TestMethod]
    public void DriftOutsideTheSplitsDaysIsABadArgument()
    {
        var (code, _, error) = CliRunner.Run("data", "generate", "--rows", "100", "--out", _temp.File("d.csv"), "--drift-from", "2022-01-01");
        Assert.AreEqual(2, code, error);
        StringAssert.Contains(error, "is outside the split's days");
        Assert.IsFalse(File.Exists(_temp.File("d.csv")));
    }

    [TestMethod]
    public void DiskFullWhileSavingIsAnIoErrorExitOneNotAUsageError()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
            Assert.Inconclusive("needs root to mount a small tmpfs");
        var full = Directory.CreateDirectory(_temp.File("full")).FullName;
        using (var mount = Process.Start("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", full])!) mount.WaitForExit();
        try
        {
            var notebook = Notebook("var big = new string('x', 300_000);", "Console.WriteLine(big);");
            var (code, _, error) = CliRunner.Run("run", notebook, "-o", Path.Combine(full, "out.ipynb"), "--no-html");
            Assert.AreEqual(1, code, error);
            StringAssert.Contains(error, "No space left on device");
            Assert.IsFalse(error.Contains("usage:", StringComparison.Ordinal), error);
        }
        finally
        {
            using var umount = Process.Start("umount", [full])!;
            umount.WaitForExit();
        }
    }
}
