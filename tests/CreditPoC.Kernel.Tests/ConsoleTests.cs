using System.Diagnostics;

namespace CreditPoC.Kernel.Tests;

/// <summary>Debian's jupyter-console driving the kernel with typed input (<c>--simple-prompt</c> reads lines from stdin).</summary>
[TestClass]
public sealed class ConsoleTests
{
    [TestMethod]
    public void JupyterConsoleRunsCellsShowsResultsErrorsAndShutsTheKernelDown()
    {
        var python = JupyterClients.RequirePython();
        using var temp = new TempFolder();
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = temp.Path,
        };
        foreach (var a in new[] { "-m", "jupyter_console", "--simple-prompt", "--kernel", JupyterClients.KernelName }) info.ArgumentList.Add(a);
        info.Environment["JUPYTER_PATH"] = JupyterClients.JupyterPath;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write("var x = 20 + 22;\nx\nConsole.WriteLine(\"hello from C#\");\nthrow new Exception(\"boom\");\nx + 1\nif (x > 0) {\n    Console.WriteLine(\"positive\");\n}\n\n");
        process.StandardInput.Close();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(2)), "jupyter-console did not exit at the end of its input");
        var output = stdout.Result;
        var log = stderr.Result;
        StringAssert.Contains(output, "CreditPoC C# kernel", "the banner");
        StringAssert.Contains(output, "Out[2]: 42");
        StringAssert.Contains(output, "hello from C#");
        StringAssert.Contains(output + log, "System.Exception: boom", "the console prints tracebacks on stderr");
        StringAssert.Contains(output, "Out[5]: 43", "the kernel goes on after an error");
        StringAssert.Contains(output, "positive", "a block typed over several lines runs once complete");
        StringAssert.Contains(log, "shutdown requested");
    }
}
