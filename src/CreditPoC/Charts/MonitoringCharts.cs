using CreditPoC.Monitoring;
using CreditPoC.Trial;
using Microsoft.Data.Analysis;
using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>
/// Charts and tables of a <see cref="MonitoringReport"/>, drawn from its aggregates only (PSI values, score bin
/// shares, weekly rates, group rates): PSI per feature with the warn and alert bands, the reference and batch score
/// distributions overlaid, performance by week, and the fairness table.
/// </summary>
public static class MonitoringCharts
{
    private static readonly Dictionary<DriftStatus, string> StatusColors = new()
    {
        [DriftStatus.OK] = "#4c78a8", [DriftStatus.WARN] = "#f58518", [DriftStatus.ALERT] = "#e45756",
    };

    /// <summary>Horizontal PSI bars, largest on top, coloured by status, with the warn and alert bands shaded.</summary>
    public static GenericChart PsiBars(BatchDrift drift, DriftThresholds thresholds, int top = 40)
    {
        var features = drift.ByPsi.Take(top).ToList();
        if (drift.Score is { } score) features.Insert(0, score with { Feature = "score (model)" });
        var trace = Figure.Trace("bar",
            ("x", features.Select(f => f.Psi).Reverse().ToArray()),
            ("y", features.Select(f => f.Feature).Reverse().ToArray()),
            ("orientation", "h"),
            ("marker", new { color = features.Select(f => StatusColors[f.Status]).Reverse().ToArray() }),
            ("hovertext", features.Select(f => f.Reasons.Count == 0 ? "OK" : string.Join("; ", f.Reasons)).Reverse().ToArray()),
            ("name", "PSI"));
        var maxPsi = Math.Max(thresholds.PsiAlert * 1.6, features.Select(f => f.Psi).DefaultIfEmpty(0).Max() * 1.05);
        var shown = Math.Min(top, drift.Features.Features.Count);
        var layout = Figure.Layout($"PSI per feature — {drift.Label} ({drift.Status}; the {shown} largest of {drift.Features.Features.Count} features{(drift.Score is null ? "" : ", and the score")})",
            "population stability index", null);
        layout.SetProperty("xaxis", new { title = new { text = "population stability index" }, range = new[] { 0, maxPsi } });
        layout.SetProperty("shapes", new object[]
        {
            Band(thresholds.PsiWarn, thresholds.PsiAlert, "rgba(245,133,24,0.12)"),
            Band(thresholds.PsiAlert, maxPsi, "rgba(228,87,86,0.12)"),
            Line(thresholds.PsiWarn, "#f58518"),
            Line(thresholds.PsiAlert, "#e45756"),
        });
        layout.SetProperty("annotations", new object[]
        {
            new { text = $"warn {thresholds.PsiWarn}", x = thresholds.PsiWarn, y = 1, xref = "x", yref = "paper", yanchor = "bottom", showarrow = false, font = new { color = "#f58518" } },
            new { text = $"alert {thresholds.PsiAlert}", x = thresholds.PsiAlert, y = 1, xref = "x", yref = "paper", yanchor = "bottom", showarrow = false, font = new { color = "#e45756" } },
        });
        layout.SetProperty("height", Math.Max(320, 18 * features.Count + 140));
        layout.SetProperty("margin", new { l = 260 });
        layout.SetProperty("showlegend", false);
        return Figure.Chart([trace], layout);
    }

    /// <summary>The reference (validation) score distribution and the batch's, as overlaid shares per bin.</summary>
    public static GenericChart ScoreDistributions(ScoreHistogram histogram, string batchLabel)
    {
        var centers = histogram.ReferenceShares.Select((_, i) => (histogram.Edges[i] + histogram.Edges[i + 1]) / 2).ToArray();
        var width = histogram.Edges[1] - histogram.Edges[0];
        var traces = new[]
        {
            Figure.Trace("bar", ("x", centers), ("y", histogram.ReferenceShares.ToArray()), ("width", width), ("name", "reference (validation)"),
                ("marker", new { color = "#4c78a8" }), ("opacity", 0.55)),
            Figure.Trace("bar", ("x", centers), ("y", histogram.BatchShares.ToArray()), ("width", width), ("name", $"{batchLabel} ({histogram.BatchRows:N0} applications)"),
                ("marker", new { color = "#e45756" }), ("opacity", 0.55)),
        };
        var layout = Figure.Layout("Score distribution: reference vs today", "score (probability of default; the last bin holds the top 1%)", "share of applications");
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("yaxis", new { title = new { text = "share of applications" }, tickformat = ".0%" });
        return Figure.Chart(traces, layout);
    }

    /// <summary>AUC, default rate and approval accuracy by application week (matured outcomes only).</summary>
    public static GenericChart PerformanceByWeek(IReadOnlyList<WeeklyPerformance> weeks)
    {
        var labels = weeks.Select(w => PerformanceOverTime.Label(w.WeekStart)).ToArray();
        Trace Line(string name, Func<WeeklyPerformance, double?> value, string color, string axis = "y") =>
            Figure.Trace("scatter", ("x", labels), ("y", weeks.Select(value).ToArray()), ("mode", "lines+markers"), ("name", name),
                ("line", new { color }), ("yaxis", axis), ("connectgaps", false));
        var traces = new[]
        {
            Line("AUC", w => w.Auc, "#4c78a8"),
            Line("approval accuracy (approved that repaid)", w => w.ApprovalAccuracy, "#54a24b"),
            Line("default rate", w => w.DefaultRate, "#e45756", "y2"),
            Figure.Trace("bar", ("x", labels), ("y", weeks.Select(w => w.Matured).ToArray()), ("name", "matured applications"),
                ("yaxis", "y3"), ("marker", new { color = "rgba(150,150,150,0.25)" })),
        };
        var layout = Figure.Layout("Performance by application week (as outcomes mature)", "week starting", null);
        layout.SetProperty("yaxis", new { title = new { text = "AUC, approval accuracy" }, range = new[] { 0.4, 1.0 } });
        layout.SetProperty("yaxis2", new { title = new { text = "default rate" }, overlaying = "y", side = "right", tickformat = ".0%", rangemode = "tozero" });
        layout.SetProperty("yaxis3", new { overlaying = "y", visible = false, rangemode = "tozero" });
        layout.SetProperty("legend", new { orientation = "h", y = -0.25 });
        return Figure.Chart(traces, layout);
    }

    /// <summary>The fairness table, one row per group.</summary>
    public static DataFrame FairnessTable(IReadOnlyList<GroupFairness> groups) => new(
        new StringDataFrameColumn("attribute", groups.Select(g => g.Attribute)),
        new StringDataFrameColumn("group", groups.Select(g => g.Group)),
        new Int32DataFrameColumn("applications", groups.Select(g => g.Count)),
        new DoubleDataFrameColumn("approval rate", groups.Select(g => Math.Round(g.ApprovalRate, 4))),
        new DoubleDataFrameColumn("approval ratio", groups.Select(g => Math.Round(g.ApprovalRatio, 3))),
        new DoubleDataFrameColumn("AUC", groups.Select(g => g.Auc is { } a ? Math.Round(a, 4) : (double?)null)),
        new DoubleDataFrameColumn("TPR", groups.Select(g => g.TruePositiveRate is { } t ? Math.Round(t, 4) : (double?)null)),
        new DoubleDataFrameColumn("TPR gap", groups.Select(g => Math.Round(g.TprDifference, 4))),
        new DoubleDataFrameColumn("review share", groups.Select(g => Math.Round(g.ReviewShare, 4))),
        new StringDataFrameColumn("flag", groups.Select(g => g.Flagged ? "FLAG: " + string.Join("; ", g.Reasons) : "")));

    /// <summary>The features that drifted (WARN or ALERT), with PSI, test statistic, p-value and reasons.</summary>
    public static DataFrame DriftTable(BatchDrift drift)
    {
        var rows = drift.ByPsi.Where(f => f.Status != DriftStatus.OK).ToList();
        if (drift.Score is { Status: not DriftStatus.OK } score) rows.Insert(0, score with { Feature = "score (model)" });
        return new DataFrame(
            new StringDataFrameColumn("feature", rows.Select(f => f.Feature)),
            new StringDataFrameColumn("status", rows.Select(f => f.Status.ToString())),
            new DoubleDataFrameColumn("PSI", rows.Select(f => Math.Round(f.Psi, 4))),
            new StringDataFrameColumn("test", rows.Select(f => f.IsNumeric ? "KS" : "chi-square")),
            new DoubleDataFrameColumn("statistic", rows.Select(f => Math.Round(f.Statistic, 4))),
            new DoubleDataFrameColumn("p-value", rows.Select(f => f.PValue < 1e-6 ? 0 : Math.Round(f.PValue, 6))),
            new StringDataFrameColumn("missing", rows.Select(f => $"{f.ReferenceMissingRate:P1} → {f.CurrentMissingRate:P1}")),
            new StringDataFrameColumn("reasons", rows.Select(f => string.Join("; ", f.Reasons))));
    }

    /// <summary>Weekly performance as a table.</summary>
    public static DataFrame PerformanceTable(IReadOnlyList<WeeklyPerformance> weeks) => new(
        new StringDataFrameColumn("week", weeks.Select(w => PerformanceOverTime.Label(w.WeekStart))),
        new Int32DataFrameColumn("applications", weeks.Select(w => w.Applications)),
        new Int32DataFrameColumn("matured", weeks.Select(w => w.Matured)),
        new DoubleDataFrameColumn("AUC", weeks.Select(w => w.Auc is { } a ? Math.Round(a, 4) : (double?)null)),
        new DoubleDataFrameColumn("default rate", weeks.Select(w => w.DefaultRate is { } a ? Math.Round(a, 4) : (double?)null)),
        new DoubleDataFrameColumn("approval accuracy", weeks.Select(w => w.ApprovalAccuracy is { } a ? Math.Round(a, 4) : (double?)null)),
        new DoubleDataFrameColumn("automated accuracy", weeks.Select(w => w.AutomatedAccuracy is { } a ? Math.Round(a, 4) : (double?)null)),
        new DoubleDataFrameColumn("automated share", weeks.Select(w => Math.Round(w.AutomatedShare, 4))));

    /// <summary>The status as a coloured HTML banner (for <c>display(html, "text/html")</c>).</summary>
    public static string StatusBanner(MonitoringReport report)
    {
        var (background, border) = report.Status switch
        {
            DriftStatus.ALERT => ("#fde2e1", "#e45756"),
            DriftStatus.WARN => ("#fff0dc", "#f58518"),
            _ => ("#e3f1e0", "#54a24b"),
        };
        return $"<div style=\"padding:12px 16px;border-left:8px solid {border};background:{background};font-size:1.25em\">" +
               $"<b>{report.Status}</b>{System.Net.WebUtility.HtmlEncode(report.StatusLine[report.Status.ToString().Length..])}</div>";
    }

    private static object Band(double from, double to, string color) =>
        new { type = "rect", x0 = from, x1 = to, xref = "x", y0 = 0, y1 = 1, yref = "paper", fillcolor = color, line = new { width = 0 }, layer = "below" };

    private static object Line(double x, string color) =>
        new { type = "line", x0 = x, x1 = x, xref = "x", y0 = 0, y1 = 1, yref = "paper", line = new { color, dash = "dash", width = 1.5 } };
}
