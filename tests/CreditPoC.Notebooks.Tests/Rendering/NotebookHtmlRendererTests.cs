using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreditPoC.Notebooks.Rendering;

namespace CreditPoC.Notebooks.Tests.Rendering;

[TestClass]
public sealed class NotebookHtmlRendererTests
{
    private static readonly Lazy<string> Full = new(() => Render(reportMode: false));
    private static readonly Lazy<string> Report = new(() => Render(reportMode: true));

    private static string Render(bool reportMode) =>
        NotebookHtmlRenderer.Render(NotebookHtmlRenderer.ReadNotebook(Fixtures.Path("executed.ipynb")),
            new NotebookRenderOptions { ReportMode = reportMode, Title = "feature_engineering" });

    [TestMethod]
    public void MarkdownIsRenderedWithPipeTables()
    {
        StringAssert.Contains(Full.Value, "<h1 id=\"feature-engineering\">Feature engineering</h1>");
        StringAssert.Contains(Full.Value, "<strong>feature table</strong>");
        StringAssert.Matches(Full.Value, new Regex(@"<table>\s*<thead>\s*<tr>\s*<th>column</th>"));
        StringAssert.Contains(Full.Value, "<td>EXT_SOURCE_1</td>");
    }

    [TestMethod]
    public void CodeIsShownWithExecutionCountsAndHiddenInReportMode()
    {
        StringAssert.Contains(Full.Value, "In [3]:");
        StringAssert.Contains(Full.Value, "Console.Error.WriteLine(&quot;warning: 3 rows without AMT_ANNUITY&quot;);");
        StringAssert.Contains(Full.Value, "injected parameters");
        Absent(Report.Value, "Console.Error.WriteLine", "report mode shows code");
        Absent(Report.Value, "In [3]:", "report mode shows prompts");
        // Outputs and markdown stay in report mode.
        StringAssert.Contains(Report.Value, "loaded 1,234 rows");
        StringAssert.Contains(Report.Value, "<td>EXT_SOURCE_1</td>");
    }

    [TestMethod]
    public void OutputsKeepTheirOrderAndStderrIsStyled()
    {
        var html = Body(Full.Value);
        int At(string text)
        {
            var index = html.IndexOf(text, StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, index, $"missing: {text}");
            return index;
        }
        var order = new[]
        {
            At("<pre class=\"stdout\">loading applications"), At("<pre class=\"stderr\">warning: 3 rows"), At("<pre class=\"stdout\">loaded 1,234 rows"),
            At("Out [4]:"), At("<td>100002</td>"), At("renderPlotly_79d50e24"), At("data:image/png;base64,iVBOR"),
            At("<pre class=\"stdout\">row 0: value 0"), At("encountered an exception here"), At("<span class=\"ename\">"),
        };
        CollectionAssert.AreEqual(order.Order().ToArray(), order, "outputs are out of order");
        Absent(html, "SK_ID_CURR AMT_CREDIT", "text/plain is shown although text/html exists");
    }

    [TestMethod]
    public void ErrorsAreVisibleWithoutAnsiCodes()
    {
        StringAssert.Contains(Full.Value, "<span class=\"ename\">CreditPoC.UserFacingException</span>: column AMT_INCOME_TOTAL is missing from data/raw/applications/2021-02-01.csv");
        StringAssert.Contains(Full.Value, "at FeatureTable.Build (cell 9, line 1)");
        Absent(Body(Full.Value), "\u001b", "an ANSI escape is left");
        Absent(Body(Full.Value), "[0;31m", "an ANSI colour code is left");
    }

    [TestMethod]
    public void PapermillBannerIsVisibleAndLinksToTheFailingCell()
    {
        StringAssert.Contains(Full.Value, "An Exception was encountered at");
        StringAssert.Contains(Full.Value, "href=\"#papermill-error-cell\"");
        StringAssert.Contains(Full.Value, "id=\"papermill-error-cell\"");
        StringAssert.Contains(Full.Value, "papermill-banner");
    }

    [TestMethod]
    public void HeaderShowsParametersTimingAndStatus()
    {
        var header = Full.Value[Full.Value.IndexOf("<header", StringComparison.Ordinal)..Full.Value.IndexOf("</header>", StringComparison.Ordinal)];
        StringAssert.Contains(header, "<h1>feature_engineering</h1>");
        StringAssert.Contains(header, "<span class=\"status failed\">failed</span>");
        StringAssert.Contains(header, "<tr><td>DATA_TYPE</td><td>test</td></tr>");
        StringAssert.Contains(header, "<tr><td>TARGET_DATE</td><td>2021-02-01</td></tr>");
        StringAssert.Contains(header, "2026-11-23 10:15:00 UTC");
        StringAssert.Contains(header, "2026-11-23 10:15:07 UTC");
        StringAssert.Contains(header, "7.5 s");
    }

    [TestMethod]
    public void PlotlyJsIsInlinedExactlyOnceAndNothingLoadsFromTheNetwork()
    {
        var html = Full.Value;
        Assert.AreEqual(1, Regex.Count(html, Regex.Escape("* plotly.js v")), "plotly.js must be inlined once");
        Assert.AreEqual(2, Regex.Count(html, @"Plotly\.newPlot\('[0-9a-f-]{36}'"), "both charts are drawn");
        Assert.IsLessThan(html.IndexOf("renderPlotly_", StringComparison.Ordinal), html.IndexOf("* plotly.js v", StringComparison.Ordinal), "plotly.js must load before the charts");
        Assert.IsFalse(Regex.IsMatch(html, """<script[^>]*\bsrc\s*=\s*["']?(https?:)?//""", RegexOptions.IgnoreCase), "a script is loaded from the network");
        StringAssert.Contains(PlotlyJs.ResourceName, "plotly-");
    }

    [TestMethod]
    public void PagesWithoutChartsCarryNoPlotlyJs()
    {
        var notebook = NotebookHtmlRenderer.ReadNotebook(Fixtures.Path("pipeline", "notebooks", "learn.ipynb"));
        var html = NotebookHtmlRenderer.Render(notebook);
        Absent(html, "plotly.js v", "a page without charts carries plotly.js");
        Assert.IsLessThan(20_000, html.Length);
        StringAssert.Contains(html, "<span class=\"status other\">not executed</span>");
    }

    [TestMethod]
    public void HugeTextOutputsAreTruncatedWithANote()
    {
        StringAssert.Contains(Full.Value, "row 499: value 249001");
        Absent(Full.Value, "row 1999: value", "the long output was not cut");
        StringAssert.Matches(Full.Value, new Regex(@"Output truncated: showing [\d,]+ of [\d,]+ characters \(2,001 lines\)"));
    }

    [TestMethod]
    public void RichOutputsPickTheRichestMimeType()
    {
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["cells"] = new JsonArray(new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = 1, ["source"] = "x",
                ["outputs"] = new JsonArray(
                    Display(new JsonObject { ["text/plain"] = "<b>plain</b>" }),
                    Display(new JsonObject { ["text/markdown"] = "**bold**", ["text/plain"] = "bold" }),
                    Display(new JsonObject { ["image/svg+xml"] = "<svg id=\"s\"></svg>", ["text/plain"] = "svg" }),
                    Display(new JsonObject
                    {
                        ["application/vnd.plotly.v1+json"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "bar", ["name"] = "</script>" }), ["layout"] = new JsonObject() },
                        ["text/plain"] = "Figure",
                    })),
            }),
        };
        var html = NotebookHtmlRenderer.Render(notebook);
        StringAssert.Contains(html, "&lt;b&gt;plain&lt;/b&gt;");
        StringAssert.Contains(html, "<strong>bold</strong>");
        StringAssert.Contains(html, "<svg id=\"s\"></svg>");
        var figure = Regex.Match(html, @"<script>Plotly\.newPlot\('plotly-[0-9a-f]{32}', (.*?)\);</script>").Groups[1].Value;
        Assert.AreEqual("""[{"type":"bar","name":"\u003C/script\u003E"}], {}, {}""", figure);
        Assert.AreEqual(1, Regex.Count(html, Regex.Escape("* plotly.js v")), "a Plotly figure brings plotly.js");
    }

    [TestMethod]
    public void RenderFileWritesThePageAndRefusesToReplaceTheNotebook()
    {
        using var temp = new TempFolder();
        var output = temp.File("page.html");
        NotebookHtmlRenderer.RenderFile(Fixtures.Path("executed.ipynb"), output);
        StringAssert.StartsWith(File.ReadAllText(output), "<!DOCTYPE html>");
        StringAssert.Contains(File.ReadAllText(output), "<title>executed</title>");

        var error = Assert.ThrowsExactly<UserFacingException>(() => NotebookHtmlRenderer.RenderFile(output, output));
        StringAssert.Contains(error.Message, "would replace the notebook");
        File.WriteAllText(temp.File("bad.ipynb"), "{ not json");
        error = Assert.ThrowsExactly<UserFacingException>(() => NotebookHtmlRenderer.RenderFile(temp.File("bad.ipynb"), output));
        StringAssert.Contains(error.Message, "bad.ipynb is not valid JSON");
    }

    /// <summary>Like Assert.DoesNotContain, without printing a page of several megabytes when it fails.</summary>
    internal static void Absent(string text, string unwanted, string message) =>
        Assert.AreEqual(-1, text.IndexOf(unwanted, StringComparison.Ordinal), message);

    /// <summary>The page after its head, which holds the 3.6 MB of plotly.js.</summary>
    private static string Body(string html) => html[html.IndexOf("</head>", StringComparison.Ordinal)..];

    private static JsonObject Display(JsonObject data) => new() { ["output_type"] = "display_data", ["metadata"] = new JsonObject(), ["data"] = data };
}
