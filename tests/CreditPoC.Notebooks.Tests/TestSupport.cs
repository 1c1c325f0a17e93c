using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Ipynb;
using CreditPoC.TestSupport;

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

[TestClass]
public static class TestRunCleanup
{
    [AssemblyCleanup]
    public static void DeleteTemporaryFolders() => TestSupport.DeleteTempDirectories();
}
