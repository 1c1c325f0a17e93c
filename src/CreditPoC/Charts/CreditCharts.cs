using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>
/// Plotly.NET chart builders that take aggregated data only (bin edges, counts, rates), so a chart of 300,000 rows
/// carries a few dozen numbers. Traces and layouts are built by plotly.js attribute name (see <see cref="Figure"/>).
/// </summary>
public static class CreditCharts
{
    /// <summary>The widest a grid gets, in pixels: it fits a rendered notebook's output column (about 950 px) without scrolling.</summary>
    public const int MaxGridWidth = 940;

    /// <summary>A histogram drawn as touching bars: bin <c>i</c> spans edges[i]..edges[i+1].</summary>
    public static GenericChart HistogramBars(string title, IReadOnlyList<double> edges, IReadOnlyList<long> counts)
    {
        if (edges.Count != counts.Count + 1)
            throw new ArgumentException("a histogram needs one more edge than counts");
        var trace = Figure.Trace("bar",
            ("x", counts.Select((_, i) => (edges[i] + edges[i + 1]) / 2).ToArray()),
            ("y", counts.ToArray()),
            ("width", counts.Select((_, i) => edges[i + 1] - edges[i]).ToArray()),
            ("marker", new { line = new { width = 1, color = "white" } }),
            ("name", title));
        return Figure.Chart([trace], Figure.Layout(title, "value (5th–95th percentile)", "rows"));
    }

    /// <summary>Bars of counts per category, in the order given.</summary>
    public static GenericChart CategoryBars(string title, IReadOnlyList<string> categories, IReadOnlyList<long> counts)
    {
        var trace = Figure.Trace("bar", ("x", categories.ToArray()), ("y", counts.ToArray()), ("name", title));
        return Figure.Chart([trace], Figure.Layout(title, "", "rows"));
    }

    /// <summary>A line of rates (0–1) along labelled groups, with a dashed line at the overall rate when given.</summary>
    public static GenericChart RateLine(string title, IReadOnlyList<string> labels, IReadOnlyList<double> rates, double? overallRate = null) =>
        RateChart(Figure.Trace("scatter", ("x", labels.ToArray()), ("y", Gaps(rates)), ("mode", "lines+markers"), ("name", "default rate")),
            title, labels, overallRate);

    /// <summary>Bars of rates (0–1) per category, with a dashed line at the overall rate when given.</summary>
    public static GenericChart RateBars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> rates, double? overallRate = null) =>
        RateChart(Figure.Trace("bar", ("x", labels.ToArray()), ("y", Gaps(rates)), ("name", "default rate")), title, labels, overallRate);

    /// <summary>Rates as plotted: NaN (no rows) is a gap.</summary>
    private static double?[] Gaps(IReadOnlyList<double> rates) => rates.Select(r => double.IsNaN(r) ? (double?)null : r).ToArray();

    private static GenericChart RateChart(Trace rates, string title, IReadOnlyList<string> labels, double? overallRate)
    {
        var traces = new List<Trace> { rates };
        if (overallRate is { } overall)
            traces.Add(Figure.Trace("scatter", ("x", labels.ToArray()), ("y", labels.Select(_ => overall).ToArray()),
                ("mode", "lines"), ("line", new { dash = "dash", color = "gray", width = 1 }), ("name", "overall")));
        var layout = Figure.Layout(title, "", "default rate");
        layout.SetProperty("yaxis", new { title = new { text = "default rate" }, tickformat = ".0%", rangemode = "tozero" });
        return Figure.Chart(traces, layout);
    }

    /// <summary>
    /// Horizontal bars of single-column ROC AUCs (0.5–1), strongest on top, with a dashed red line at the leak
    /// threshold: a bar past the line is a leak suspect.
    /// </summary>
    public static GenericChart AucBars(string title, IReadOnlyList<string> columns, IReadOnlyList<double> aucs, double threshold)
    {
        var trace = Figure.Trace("bar", ("x", aucs.Reverse().ToArray()), ("y", columns.Reverse().ToArray()), ("orientation", "h"),
            ("marker", new { color = aucs.Reverse().Select(a => a > threshold ? "#c0392b" : "#1f77b4").ToArray() }), ("name", "AUC"));
        var layout = Figure.Layout(title, null, null);
        layout.SetProperty("xaxis", new { title = new { text = "ROC AUC of the column alone" }, range = new[] { 0.5, 1.0 } });
        layout.SetProperty("shapes", new[]
        {
            new { type = "line", xref = "x", yref = "paper", x0 = threshold, x1 = threshold, y0 = 0, y1 = 1,
                line = new { color = "#c0392b", width = 1, dash = "dash" } },
        });
        layout.SetProperty("height", Math.Max(260, 24 * columns.Count + 130));
        layout.SetProperty("margin", new { l = 260 });
        return Figure.Chart([trace], layout);
    }

    /// <summary>Horizontal bars of the missing share (0–1) per column, most missing on top.</summary>
    public static GenericChart MissingShareBars(IReadOnlyList<string> columns, IReadOnlyList<double> shares, string title = "Missing share per column") =>
        HorizontalBars(title, columns, shares, "share of rows missing", ".0%");

    /// <summary>Horizontal bars of signed values per label (e.g. correlation with the target), first on top.</summary>
    public static GenericChart ValueBars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueTitle) =>
        HorizontalBars(title, labels, values, valueTitle, null);

    private static GenericChart HorizontalBars(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values,
        string valueTitle, string? tickFormat)
    {
        var trace = Figure.Trace("bar", ("x", values.Reverse().ToArray()), ("y", labels.Reverse().ToArray()),
            ("orientation", "h"), ("name", valueTitle));
        var layout = Figure.Layout(title, valueTitle, "");
        if (tickFormat is not null)
            layout.SetProperty("xaxis", new { title = new { text = valueTitle }, tickformat = tickFormat });
        layout.SetProperty("height", Math.Max(300, 20 * labels.Count + 120));
        layout.SetProperty("margin", new { l = 260 });
        return Figure.Chart([trace], layout);
    }

    /// <summary>
    /// Several charts in one figure, <paramref name="perRow"/> to a row, each under its subtitle (the charts' own
    /// titles and axis titles are dropped).
    /// </summary>
    /// <param name="charts">The charts; their traces are moved onto the grid's axes.</param>
    /// <param name="subtitles">One subtitle per chart.</param>
    /// <param name="perRow">Charts per row.</param>
    /// <param name="title">The figure's title.</param>
    /// <param name="cellHeight">Height of one row in pixels.</param>
    /// <param name="rates">True when the y values are rates: shown as percentages from zero.</param>
    /// <param name="tiltLabels">True to tilt the x tick labels (long category names); rate grids always tilt them.</param>
    public static GenericChart Grid(IReadOnlyList<GenericChart> charts, IReadOnlyList<string> subtitles, int perRow, string title,
        int cellHeight = 230, bool rates = false, bool tiltLabels = false)
    {
        if (charts.Count == 0)
            throw new ArgumentException("a grid needs at least one chart");
        if (subtitles.Count != charts.Count)
            throw new ArgumentException("a grid needs one subtitle per chart");
        int rows = (charts.Count + perRow - 1) / perRow;
        const double xGap = 0.16, topGap = 0.16, bottomGap = 0.3; // as shares of one cell: room for subtitles and tick labels
        double cellWidth = 1.0 / perRow, rowHeight = 1.0 / rows;
        var traces = new List<Trace>();
        var layout = Figure.Layout(title, null, null);
        var annotations = new List<object>();
        for (int i = 0; i < charts.Count; i++)
        {
            int row = i / perRow, col = i % perRow;
            string suffix = i == 0 ? "" : (i + 1).ToString();
            double x0 = col * cellWidth + cellWidth * xGap / 2, x1 = (col + 1) * cellWidth - cellWidth * xGap / 2;
            double y1 = 1 - row * rowHeight - rowHeight * topGap, y0 = 1 - (row + 1) * rowHeight + rowHeight * bottomGap;
            layout.SetProperty("xaxis" + suffix, new { domain = new[] { x0, x1 }, anchor = "y" + suffix, tickangle = rates || tiltLabels ? -45 : 0, tickfont = new { size = 10 } });
            layout.SetProperty("yaxis" + suffix, rates
                ? new { domain = new[] { y0, y1 }, anchor = "x" + suffix, tickformat = ".0%", rangemode = "tozero", tickfont = new { size = 10 } }
                : (object)new { domain = new[] { y0, y1 }, anchor = "x" + suffix, tickfont = new { size = 10 } });
            annotations.Add(new
            {
                text = subtitles[i], x = (x0 + x1) / 2, y = y1, xref = "paper", yref = "paper", xanchor = "center",
                yanchor = "bottom", showarrow = false, font = new { size = perRow >= 4 ? 10 : 12 },
            });
            foreach (var trace in GenericChart.getTraces(charts[i]))
            {
                trace.SetProperty("xaxis", "x" + suffix);
                trace.SetProperty("yaxis", "y" + suffix);
                traces.Add(trace);
            }
        }
        layout.SetProperty("annotations", annotations);
        layout.SetProperty("showlegend", false);
        layout.SetProperty("width", Math.Min(320 * perRow, MaxGridWidth));
        layout.SetProperty("height", cellHeight * rows + 100);
        return Figure.Chart(traces, layout);
    }
}
