using Plotly.NET;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>
/// A Plotly.NET <see cref="GenericChart"/> as text/html: Plotly.NET's own chart fragment (a div and a script
/// that calls <c>Plotly.newPlot</c>). It never loads plotly.js; the page renderer inlines plotly.js once.
/// </summary>
public static class PlotlyChartFormatter
{
    internal static void Register()
    {
        Formatter.Register<GenericChart>(ToHtml, Formatter.Html);
        Formatter.Register<GenericChart>(ToText, Formatter.PlainText);
    }

    public static string ToHtml(GenericChart chart) => GenericChart.toChartHTML(chart);

    public static string ToText(GenericChart chart)
    {
        var traces = GenericChart.getTraces(chart).ToList();
        var kinds = traces.Select(t => t.TryGetTypedPropertyValue<string>("type")).Select(o => o is null ? "trace" : o.Value).Distinct();
        return $"Plotly chart: {traces.Count} trace(s) ({string.Join(", ", kinds)})";
    }
}
