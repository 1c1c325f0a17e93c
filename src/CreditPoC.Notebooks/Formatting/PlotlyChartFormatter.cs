using Plotly.NET;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>
/// A Plotly.NET <see cref="GenericChart"/> as Plotly's own MIME type, <c>application/vnd.plotly.v1+json</c>
/// (data, layout, config: VS Code and JupyterLab draw it with their built-in renderer, offline), with
/// Plotly.NET's chart fragment as the <c>text/html</c> fallback (a div and a script that calls
/// <c>Plotly.newPlot</c>). Neither carries plotly.js, so executed notebooks stay small; the page renderer inlines
/// plotly.js once.
/// </summary>
public static class PlotlyChartFormatter
{
    public const string PlotlyJson = "application/vnd.plotly.v1+json";

    internal static void Register()
    {
        Formatter.Register<GenericChart>(ToFigureJson, PlotlyJson);
        Formatter.Register<GenericChart>(ToHtml, Formatter.Html);
        Formatter.Register<GenericChart>(ToText, Formatter.PlainText);
    }

    /// <summary>The figure as JSON: <c>{"data": [...], "layout": {...}, "config": {...}}</c>.</summary>
    public static string ToFigureJson(GenericChart chart) => GenericChart.toJson(chart);

    public static string ToHtml(GenericChart chart) => GenericChart.toChartHTML(chart);

    public static string ToText(GenericChart chart)
    {
        var traces = GenericChart.getTraces(chart).ToList();
        var kinds = traces.Select(t => t.TryGetTypedPropertyValue<string>("type")).Select(o => o is null ? "trace" : o.Value).Distinct();
        return $"Plotly chart: {traces.Count} trace(s) ({string.Join(", ", kinds)})";
    }
}
