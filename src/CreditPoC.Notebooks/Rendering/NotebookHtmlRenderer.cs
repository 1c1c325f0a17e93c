using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC.IO;
using CreditPoC.Notebooks.Formatting;
using Markdig;

namespace CreditPoC.Notebooks.Rendering;

/// <summary>
/// Renders an nbformat 4 notebook as one self-contained HTML page for reviewers: a header with the run's
/// parameters, timing and status; markdown rendered; code with execution counts (hidden in report mode);
/// outputs in order; errors visible. The page needs no network: styles are inline and, when some output draws
/// a Plotly chart, plotly.js (from Plotly.NET, see <see cref="PlotlyJs"/>) is inlined once.
/// </summary>
public static class NotebookHtmlRenderer
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private static readonly Lazy<string> Css = new(() => ReadResource("notebook.css"));

    /// <summary>Scripts in outputs that draw Plotly charts call one of these.</summary>
    private static readonly string[] PlotlyMarkers = ["Plotly.newPlot", "Plotly.react", "Plotly.plot(", "renderPlotly_"];

    /// <summary>Reads <paramref name="inputPath"/> and writes the page to <paramref name="outputPath"/> atomically.</summary>
    public static void RenderFile(string inputPath, string outputPath, NotebookRenderOptions? options = null)
    {
        if (Path.GetFullPath(inputPath) == Path.GetFullPath(outputPath))
            throw new UserFacingException($"the HTML output {outputPath} would replace the notebook itself; choose another path");
        var notebook = ReadNotebook(inputPath);
        options ??= new NotebookRenderOptions();
        if (options.Title is null) options = options with { Title = Path.GetFileNameWithoutExtension(inputPath) };
        var html = Render(notebook, options);
        AtomicFile.WriteAllText(outputPath, html);
    }

    /// <summary>Reads a notebook file as JSON, with an error naming the file when it is not an nbformat 4 notebook.</summary>
    public static JsonObject ReadNotebook(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the notebook {path}: {e.Message}", e);
        }
        try
        {
            if (JsonNode.Parse(text) is not JsonObject notebook || notebook["cells"] is not JsonArray)
                throw new UserFacingException($"{path} is not a notebook: expected a JSON object with a 'cells' list");
            if ((int?)notebook["nbformat"] is { } major && major != 4)
                throw new UserFacingException($"{path} is nbformat {major}; only nbformat 4 notebooks can be rendered");
            return notebook;
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"{path} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    /// <summary>The whole HTML page of <paramref name="notebook"/>.</summary>
    public static string Render(JsonObject notebook, NotebookRenderOptions? options = null)
    {
        options ??= new NotebookRenderOptions();
        var title = options.Title ?? "notebook";
        var body = new StringBuilder();
        Header(body, title, notebook);
        foreach (var cell in ((JsonArray)notebook["cells"]!).OfType<JsonObject>())
            Cell(body, cell, options);

        var content = body.ToString();
        var page = new StringBuilder(content.Length + 4096);
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"CreditPoC notebook renderer\">\n")
            .Append("<title>").Append(HtmlText.Encode(title)).Append("</title>\n")
            .Append("<style>\n").Append(Css.Value).Append("</style>\n");
        if (PlotlyMarkers.Any(m => content.Contains(m, StringComparison.Ordinal)))
            AppendPlotly(page);
        page.Append("</head>\n<body>\n<main class=\"").Append(options.ReportMode ? "report" : "full").Append("\">\n")
            .Append(content)
            .Append("<footer>Rendered by CreditPoC").Append(options.ReportMode ? " in report mode (code hidden)" : "").Append(".</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>
    /// plotly.js goes in the head so that the inline scripts of chart outputs find <c>window.Plotly</c>.
    /// Plotly.NET's notebook form asks require.js for plotly; a tiny stand-in answers with the inlined copy
    /// instead of loading require.js from the network. (It must not define <c>define</c>, or plotly.js would
    /// register as an AMD module rather than as <c>window.Plotly</c>.)
    /// </summary>
    private static void AppendPlotly(StringBuilder page)
    {
        page.Append("<!-- ").Append(PlotlyJs.ResourceName).Append(", embedded in Plotly.NET.dll, MIT license -->\n")
            .Append("<script>\n").Append(PlotlyJs.Source).Append("\n</script>\n")
            .Append("""
                <script>
                if (typeof window.requirejs !== "function") {
                  window.requirejs = function (deps, callback) { callback(window.Plotly); };
                  window.requirejs.config = function () { return window.requirejs; };
                  if (typeof window.require !== "function") window.require = window.requirejs;
                }
                </script>

                """);
    }

    private static void Header(StringBuilder html, string title, JsonObject notebook)
    {
        var papermill = notebook["metadata"]?["papermill"] as JsonObject;
        html.Append("<header class=\"run\">\n<h1>").Append(HtmlText.Encode(title)).Append("</h1>\n<dl>\n");
        var (status, cssClass) = Status(notebook, papermill);
        html.Append("<dt>Status</dt><dd><span class=\"status ").Append(cssClass).Append("\">").Append(status).Append("</span></dd>\n");
        if (papermill is not null)
        {
            Field(html, "Started", Timestamp(papermill["start_time"]));
            Field(html, "Ended", Timestamp(papermill["end_time"]));
            if (papermill["duration"] is JsonValue d && d.TryGetValue<double>(out var seconds))
                Field(html, "Duration", FormatDuration(TimeSpan.FromSeconds(seconds)));
            Field(html, "Input", (string?)papermill["input_path"]);
            if (papermill["parameters"] is JsonObject parameters && parameters.Count > 0)
            {
                html.Append("<dt>Parameters</dt><dd><table class=\"parameters\">");
                foreach (var (name, value) in parameters)
                {
                    var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";
                    html.Append("<tr><td>").Append(HtmlText.Encode(name)).Append("</td><td>").Append(HtmlText.Encode(text)).Append("</td></tr>");
                }
                html.Append("</table></dd>\n");
            }
        }
        html.Append("</dl>\n</header>\n");
    }

    private static (string Text, string CssClass) Status(JsonObject notebook, JsonObject? papermill)
    {
        if (papermill is null) return ("not executed", "other");
        if (papermill["exception"] is JsonValue e && e.TryGetValue<bool>(out var failed) && failed) return ("failed", "failed");
        var cells = ((JsonArray)notebook["cells"]!).OfType<JsonObject>();
        if (cells.Any(c => (string?)c["metadata"]?["papermill"]?["status"] is "pending" or "running"))
            return ("incomplete", "other");
        return papermill["end_time"] is null ? ("incomplete", "other") : ("succeeded", "succeeded");
    }

    private static void Field(StringBuilder html, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        html.Append("<dt>").Append(name).Append("</dt><dd>").Append(HtmlText.Encode(value)).Append("</dd>\n");
    }

    private static string? Timestamp(JsonNode? node)
    {
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
            : text;
    }

    internal static string FormatDuration(TimeSpan duration) => duration.TotalSeconds < 60
        ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : $"{(int)duration.TotalMinutes} min {duration.Seconds} s";

    private static void Cell(StringBuilder html, JsonObject cell, NotebookRenderOptions options)
    {
        var type = (string?)cell["cell_type"];
        var tags = cell["metadata"]?["tags"] is JsonArray t ? t.Select(x => (string?)x).OfType<string>().ToList() : [];
        var source = OutputText.Join(cell["source"]);
        switch (type)
        {
            case "markdown":
                var banner = tags.Contains("papermill-error-cell-tag") ? " papermill-banner" : "";
                html.Append("<section class=\"cell markdown-cell\"><div class=\"prompt\"></div><div class=\"markdown").Append(banner).Append("\">\n")
                    .Append(Markdig.Markdown.ToHtml(WithAttachments(source, cell["attachments"] as JsonObject), Markdown))
                    .Append("</div></section>\n");
                break;
            case "code":
                CodeCell(html, cell, source, tags, options);
                break;
            case "raw":
                if (!options.ReportMode && source.Length > 0)
                    html.Append("<section class=\"cell raw\"><div class=\"prompt\"></div><div class=\"input\"><pre>")
                        .Append(HtmlText.Encode(source)).Append("</pre></div></section>\n");
                break;
        }
    }

    private static void CodeCell(StringBuilder html, JsonObject cell, string source, List<string> tags, NotebookRenderOptions options)
    {
        int? count = cell["execution_count"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : null;
        var kind = tags.Contains("injected-parameters") ? " parameters injected" : tags.Contains("parameters") ? " parameters" : "";
        html.Append("<section class=\"cell code").Append(kind).Append("\">");
        var sourceHidden = cell["metadata"]?["jupyter"]?["source_hidden"] is JsonValue h && h.TryGetValue<bool>(out var hidden) && hidden;
        if (!options.ReportMode && !sourceHidden)
        {
            html.Append("<div class=\"prompt\">In [").Append(count?.ToString(CultureInfo.InvariantCulture) ?? " ").Append("]:</div><div class=\"input\">");
            if (kind.Length > 0)
                html.Append("<span class=\"tag\">").Append(kind.Contains("injected") ? "injected parameters" : "parameters (defaults)").Append("</span>");
            html.Append("<pre><code class=\"language-csharp\">").Append(HtmlText.Encode(source)).Append("</code></pre></div>\n");
        }
        if (cell["outputs"] is JsonArray outputs)
            OutputHtml.Render(html, outputs, count, Markdown, options);
        html.Append("</section>\n");
    }

    /// <summary>Markdown cells may show images attached to the cell (<c>![x](attachment:name.png)</c>).</summary>
    private static string WithAttachments(string source, JsonObject? attachments)
    {
        if (attachments is null) return source;
        foreach (var (name, bundle) in attachments)
        {
            if (bundle is not JsonObject mimes || mimes.Count == 0) continue;
            var (mime, data) = mimes.First();
            source = source.Replace($"attachment:{name}", $"data:{mime};base64,{OutputText.Join(data).Replace("\n", "")}", StringComparison.Ordinal);
        }
        return source;
    }

    private static string ReadResource(string fileName)
    {
        var assembly = typeof(NotebookHtmlRenderer).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
