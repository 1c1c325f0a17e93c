using System.Diagnostics;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Tests;

/// <summary>Fixture paths, temporary folders, running notebooks and validating them with the reference nbformat.</summary>
internal static class TestSupport
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Created = [];

    public static string NewTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "creditpoc-nb-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        Created.Add(path);
        return path;
    }

    /// <summary>Removes the folders this test run created.</summary>
    public static void DeleteTempDirectories()
    {
        foreach (var path in Created)
        {
            try { Directory.Delete(path, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>A Polyglot notebook with one C# cell per source, saved in a new temp folder.</summary>
    public static string WriteNotebook(params string[] sources)
    {
        var notebook = PolyglotNotebook.Create();
        foreach (var source in sources) notebook.AddCode(source);
        var path = Path.Combine(NewTempDirectory(), "test.ipynb");
        notebook.Save(path);
        return path;
    }

    /// <summary>Runs a notebook into out.ipynb beside it, validates the output with nbformat and loads it.</summary>
    public static async Task<(NotebookRunResult Result, Notebook Output)> RunAsync(
        string input, IReadOnlyDictionary<string, string>? parameters = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, INotebookRunObserver? observer = null)
    {
        var output = Path.Combine(Path.GetDirectoryName(input)!, "out.ipynb");
        var result = await new NotebookRunner().RunAsync(new NotebookRunOptions
        {
            InputPath = input,
            OutputPath = output,
            Parameters = parameters ?? new Dictionary<string, string>(),
            CellTimeout = timeout,
        }, observer, cancellationToken);
        NbformatValidator.AssertValid(output);
        return (result, Notebook.Load(output));
    }

    public static NotebookCell CodeCell(Notebook notebook, int codeIndex) => notebook.Cells.Where(c => c.IsCode).ElementAt(codeIndex);

    public static List<JsonObject> Outputs(NotebookCell cell) => cell.Outputs.OfType<JsonObject>().ToList();

    public static string Text(JsonNode? node) => NotebookCell.JoinText(node);
}

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
        // And the bytes are what Jupyter itself would write for the same notebook.
        const string rewrite = "import nbformat,sys; s=open(sys.argv[1],encoding='utf-8').read(); w=nbformat.writes(nbformat.reads(s,4))+'\\n'; sys.exit(0 if w==s else 3)";
        (code, output) = Run(python, "-c", rewrite, path);
        Assert.AreEqual(0, code, $"nbformat would write {path} differently:\n{output}");
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

[TestClass]
public static class TestRunCleanup
{
    [AssemblyCleanup]
    public static void DeleteTemporaryFolders() => TestSupport.DeleteTempDirectories();
}
