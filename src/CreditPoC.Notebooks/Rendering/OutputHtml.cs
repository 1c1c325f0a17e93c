using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreditPoC.Notebooks.Formatting;
using Markdig;

namespace CreditPoC.Notebooks.Rendering;

/// <summary>Renders the outputs of one code cell, in order, choosing the richest representation of each.</summary>
internal static partial class OutputHtml
{
    /// <summary>Richest first. text/html carries tables and Plotly charts; text/plain is the last resort.</summary>
    private static readonly string[] MimePreference =
        ["text/html", PlotlyJson, "image/png", "image/jpeg", "image/svg+xml", "text/markdown", "text/plain"];

    /// <summary>Plotly's own figure type (data, layout, config), which Python's plotly writes beside text/html.</summary>
    private const string PlotlyJson = "application/vnd.plotly.v1+json";

    public static void Render(StringBuilder html, JsonArray outputs, int? executionCount, MarkdownPipeline markdown, NotebookRenderOptions options)
    {
        // Consecutive writes to the same stream read as one block, as in Jupyter.
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i] is not JsonObject output) continue;
            switch ((string?)output["output_type"])
            {
                case "stream":
                    var name = (string?)output["name"] ?? "stdout";
                    var text = new StringBuilder(OutputText.Join(output["text"]));
                    while (i + 1 < outputs.Count && outputs[i + 1] is JsonObject next
                           && (string?)next["output_type"] == "stream" && (string?)next["name"] == name)
                        text.Append(OutputText.Join(outputs[++i]!["text"]));
                    Stream(html, name, text.ToString(), options);
                    break;
                case "execute_result":
                case "display_data":
                    Rich(html, output, (string?)output["output_type"] == "execute_result" ? executionCount : null, markdown, options);
                    break;
                case "error":
                    Error(html, output, options);
                    break;
            }
        }
    }

    private static void Stream(StringBuilder html, string name, string text, NotebookRenderOptions options)
    {
        var shown = OutputText.ApplyCarriageReturns(OutputText.StripAnsi(text));
        html.Append("<div class=\"prompt\"></div><div class=\"output stream\">");
        Preformatted(html, shown, name == "stderr" ? "stderr" : "stdout", options);
        html.Append("</div>\n");
    }

    private static void Rich(StringBuilder html, JsonObject output, int? executionCount, MarkdownPipeline markdown, NotebookRenderOptions options)
    {
        if (output["data"] is not JsonObject data) return;
        var mime = MimePreference.FirstOrDefault(data.ContainsKey);
        html.Append("<div class=\"prompt\">").Append(executionCount is { } n ? $"Out [{n}]:" : "").Append("</div>");
        html.Append("<div class=\"output rich\">");
        var content = mime is null or PlotlyJson ? "" : OutputText.Join(data[mime]);
        switch (mime)
        {
            case "text/html":
                html.Append(WithoutExternalScripts(content));
                break;
            case PlotlyJson:
                var id = "plotly-" + Guid.NewGuid().ToString("N");
                var figure = data[mime]!;
                html.Append("<div id=\"").Append(id).Append("\"></div><script>Plotly.newPlot('").Append(id).Append("', ")
                    .Append(Json(figure["data"])).Append(", ").Append(Json(figure["layout"])).Append(", ").Append(Json(figure["config"])).Append(");</script>");
                break;
            case "image/png":
            case "image/jpeg":
                html.Append("<img alt=\"output image\" src=\"data:").Append(mime).Append(";base64,")
                    .Append(content.Replace("\n", "")).Append("\">");
                break;
            case "image/svg+xml":
                html.Append(content);
                break;
            case "text/markdown":
                html.Append(Markdown.ToHtml(content, markdown));
                break;
            case "text/plain":
                Preformatted(html, OutputText.StripAnsi(content), "text", options);
                break;
            default:
                var kinds = string.Join(", ", data.Select(p => p.Key));
                html.Append("<p class=\"truncated\">(an output of type ").Append(HtmlText.Encode(kinds)).Append(" that a static page cannot show)</p>");
                break;
        }
        html.Append("</div>\n");
    }

    /// <summary>JSON for an inline script: System.Text.Json writes &lt; as \u003C, so no string can close the script element.</summary>
    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "{}";

    private static void Error(StringBuilder html, JsonObject output, NotebookRenderOptions options)
    {
        var ename = (string?)output["ename"] ?? "Error";
        var evalue = (string?)output["evalue"] ?? "";
        var traceback = output["traceback"] is JsonArray lines
            ? string.Join('\n', lines.Select(l => OutputText.StripAnsi(l?.GetValue<string>() ?? "")))
            : "";
        html.Append("<div class=\"prompt\"></div><div class=\"output error\">");
        html.Append("<div><span class=\"ename\">").Append(HtmlText.Encode(ename)).Append("</span>: ")
            .Append(HtmlText.Encode(OutputText.StripAnsi(evalue))).Append("</div>");
        if (traceback.Length > 0) Preformatted(html, traceback, "traceback", options);
        html.Append("</div>\n");
    }

    private static void Preformatted(StringBuilder html, string text, string cssClass, NotebookRenderOptions options)
    {
        var (shown, note) = OutputText.Truncate(text, options);
        html.Append("<pre class=\"").Append(cssClass).Append("\">").Append(HtmlText.Encode(shown)).Append("</pre>");
        if (note is not null) html.Append("<p class=\"truncated\">").Append(HtmlText.Encode(note)).Append("</p>");
    }

    /// <summary>
    /// The page must work offline, so scripts loaded from the network (a plotly.js CDN link, require.js) are
    /// dropped; the page inlines plotly.js itself.
    /// </summary>
    internal static string WithoutExternalScripts(string html) =>
        ExternalScript().Replace(html, m => $"<!-- offline page: removed a script loaded from the network ({m.Groups["src"].Value.Replace("--", "")}) -->");

    [GeneratedRegex("""<script\b[^>]*?\bsrc\s*=\s*["']?(?<src>(?:https?:)?//[^"'\s>]+)["']?[^>]*>\s*</script\s*>""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalScript();
}
