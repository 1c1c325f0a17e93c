using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>
/// Builds Plotly.NET traces and layouts by plotly.js attribute name (<c>x</c>, <c>y</c>, <c>type</c>, <c>title</c>, …):
/// Plotly.NET's chart functions are F#-first (their optional arguments are mandatory F# options from C#), while
/// attribute names read plainly in C# and map 1:1 to the plotly.js docs. Shared by every chart class.
/// </summary>
internal static class Figure
{
    public static Trace Trace(string type, params (string Name, object Value)[] properties)
    {
        var trace = new Trace2D(type);
        foreach (var (name, value) in properties)
            trace.SetProperty(name, value);
        return trace;
    }

    public static Layout Layout(string title, string? xTitle, string? yTitle)
    {
        var layout = new Layout();
        layout.SetProperty("title", new { text = title });
        if (xTitle is not null)
            layout.SetProperty("xaxis", new { title = new { text = xTitle }, automargin = true });
        if (yTitle is not null)
            layout.SetProperty("yaxis", new { title = new { text = yTitle }, automargin = true });
        return layout;
    }

    public static GenericChart Chart(IEnumerable<Trace> traces, Layout layout) =>
        GenericChart.setLayout(layout, GenericChart.ofTraceObjects(true, traces.ToArray()));
}
