using System.Text.Json.Nodes;
using CreditPoC.TestSupport;

namespace CreditPoC.Cli.Tests.Notebooks;

/// <summary>
/// Runs a PoC notebook in process through <c>creditpoc run</c> and reads back what it wrote: the executed notebook
/// (validated with the reference nbformat), its HTML page and the JSON files in its output folder.
/// </summary>
internal sealed class PocNotebookRun
{
    public required int ExitCode { get; init; }
    public required string Output { get; init; }
    public required string Error { get; init; }
    public required string NotebookPath { get; init; }
    public required string OutputDir { get; init; }

    /// <summary>The executed notebook as JSON.</summary>
    public JsonObject Notebook => JsonNode.Parse(File.ReadAllText(NotebookPath))!.AsObject();

    public string HtmlPath => Path.ChangeExtension(NotebookPath, ".html");

    /// <summary>Every output of type "error" in the executed notebook, as "ename: evalue".</summary>
    public List<string> ErrorOutputs() => Notebook["cells"]!.AsArray()
        .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
        .Where(o => (string?)o!["output_type"] == "error")
        .Select(o => $"{o!["ename"]}: {o["evalue"]}")
        .ToList();

    /// <summary>All text a reader sees, joined: what the cells printed and the text form of what they displayed (report tables).</summary>
    public string StreamText() => string.Concat(Notebook["cells"]!.AsArray()
        .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
        .Select(o => (string?)o!["output_type"] switch
        {
            "stream" => Joined(o["text"]),
            "display_data" or "execute_result" when o["data"]?["text/plain"] is { } plain => Joined(plain),
            _ => "",
        }));

    private static string Joined(JsonNode? text) => text is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)text ?? "";

    /// <summary>How many display outputs carry a Plotly chart.</summary>
    public int ChartCount() => Notebook["cells"]!.AsArray()
        .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
        .Count(o => (string?)o!["output_type"] == "display_data" && o["data"]?["text/html"] is { } html &&
                    html.ToJsonString().Contains("renderPlotly_", StringComparison.Ordinal));

    public JsonObject ReadJson(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDir, name)))!.AsObject();

    /// <summary>Runs <paramref name="notebook"/> (a file under notebooks/poc) into <paramref name="folder"/>.</summary>
    public static PocNotebookRun Run(string notebook, string folder, string outputDir, params (string Name, string Value)[] parameters)
    {
        var input = RepoRoot.File("notebooks", "poc", notebook);
        var executed = Path.Combine(folder, Path.GetFileNameWithoutExtension(notebook) + ".out.ipynb");
        var args = new List<string> { "run", input, "-o", executed, "-p", "OUTPUT_DIR", outputDir };
        foreach (var (name, value) in parameters) args.AddRange(["-p", name, value]);
        var (code, output, error) = CliRunner.Run([.. args]);
        Assert.IsTrue(File.Exists(executed), $"no executed notebook {executed}; exit {code}\n{output}\n{error}");
        NbformatValidator.AssertValid(executed);
        return new PocNotebookRun { ExitCode = code, Output = output, Error = error, NotebookPath = executed, OutputDir = outputDir };
    }

    /// <summary>The HTML page draws charts with no network: plotly.js inlined once (when there are charts), no script or stylesheet fetched.</summary>
    public void AssertHtmlWorksOffline()
    {
        Assert.IsTrue(File.Exists(HtmlPath), $"no HTML page {HtmlPath}");
        var html = File.ReadAllText(HtmlPath);
        var bundles = html.Split("plotly.js v").Length - 1;
        Assert.AreEqual(ChartCount() > 0 ? 1 : 0, bundles, "plotly.js is inlined once when the page has charts");
        Assert.DoesNotContain("<script src", html, "a script loaded from elsewhere");
        Assert.DoesNotContain("<link", html, "a stylesheet loaded from elsewhere");
        Assert.AreEqual(ChartCount(), html.Split("var renderPlotly_").Length - 1, "every chart of the notebook is on the page");
    }
}
