using System.Diagnostics;

namespace CreditPoC.TestSupport;

/// <summary>Validates notebooks with Jupyter's reference validator (python3-nbformat); inconclusive where it is missing.</summary>
internal static class NbformatValidator
{
    private static readonly Lazy<string?> Python = new(FindPython);

    public static void AssertValid(string path)
    {
        var python = Python.Value;
        if (python is null)
        {
            Assert.Inconclusive("python3 with nbformat is not installed (apt-get install -y python3-nbformat); cannot validate " + path);
            return;
        }
        var (code, output) = Run(python, "-c", "import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], 4))", path);
        Assert.AreEqual(0, code, $"nbformat rejects {path}:\n{output}");
    }

    private static string? FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3", "python" })
        {
            try
            {
                if (Run(candidate, "-c", "import nbformat").Code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under this name
            }
        }
        return null;
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
