using System.Globalization;
using CreditPoC.Modeling;
using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;
using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>
/// Charts and tables of a scorecard: the IV of every characteristic, each characteristic's bins (share of rows,
/// bad rate, WoE), the score distributions of goods and bads, and the stability of the inputs. Aggregates only.
/// </summary>
public static class ScorecardCharts
{
    private const string SelectedColor = "#1f77b4";
    private const string LeftOutColor = "#c7c7c7";

    /// <summary>Horizontal bars of the <paramref name="top"/> highest IVs, selected characteristics in colour, the others grey.</summary>
    public static GenericChart IvBars(BinningProcess process, int top = 30)
    {
        ArgumentNullException.ThrowIfNull(process);
        var shown = process.Choices.Take(top).Reverse().ToList();
        var trace = Figure.Trace("bar", ("x", shown.Select(c => Math.Round(c.Iv, 4)).ToArray()), ("y", shown.Select(c => c.Name).ToArray()),
            ("orientation", "h"), ("marker", new { color = shown.Select(c => c.Selected ? SelectedColor : LeftOutColor).ToArray() }),
            ("text", shown.Select(c => c.Band.ToString().ToLowerInvariant()).ToArray()), ("textposition", "outside"), ("name", "IV"));
        var layout = Figure.Layout($"Information value (top {shown.Count} of {process.Choices.Count}; blue = selected)", "information value", "");
        layout.SetProperty("height", Math.Max(300, 22 * shown.Count + 120));
        layout.SetProperty("margin", new { l = 260 });
        layout.SetProperty("shapes", new[] { 0.02, 0.1, 0.3, 0.5 }.Select(x => new
        {
            type = "line", x0 = x, x1 = x, y0 = 0, y1 = 1, yref = "paper", line = new { dash = "dot", color = "gray", width = 1 },
        }).ToArray());
        return Figure.Chart([trace], layout);
    }

    /// <summary>One characteristic's bins: the share of rows in each (bars) and its bad rate (line, right axis), WoE in the labels.</summary>
    public static GenericChart Bins(CharacteristicBinning characteristic)
    {
        ArgumentNullException.ThrowIfNull(characteristic);
        var total = (double)characteristic.Bins.Sum(b => b.Count);
        var labels = characteristic.Bins.Select(b => b.Label).ToArray();
        var shares = Figure.Trace("bar", ("x", labels), ("y", characteristic.Bins.Select(b => Math.Round(b.Count / total, 4)).ToArray()),
            ("name", "share of rows"), ("marker", new { color = "#aec7e8" }),
            ("text", characteristic.Bins.Select(b => "WoE " + b.Woe.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)).ToArray()),
            ("textposition", "auto"));
        var rates = Figure.Trace("scatter", ("x", labels), ("y", characteristic.Bins.Select(b => Math.Round(b.EventRate, 4)).ToArray()),
            ("name", "bad rate"), ("mode", "lines+markers"), ("yaxis", "y2"), ("line", new { color = "#d62728" }));
        var layout = Figure.Layout(string.Create(CultureInfo.InvariantCulture,
            $"{characteristic.Name}: IV {characteristic.Iv:F3} ({characteristic.Band.ToString().ToLowerInvariant()}), trend {characteristic.Trend.ToString().ToLowerInvariant()}"),
            "bin", "share of rows");
        layout.SetProperty("yaxis", new { title = new { text = "share of rows" }, tickformat = ".0%" });
        layout.SetProperty("yaxis2", new { title = new { text = "bad rate" }, overlaying = "y", side = "right", tickformat = ".0%", rangemode = "tozero" });
        layout.SetProperty("legend", new { orientation = "h", x = 0, y = 1.02, yanchor = "bottom" });
        layout.SetProperty("width", 820);
        return Figure.Chart([shares, rates], layout);
    }

    /// <summary>
    /// The score distributions of goods and bads (share of each class per band of <paramref name="bandWidth"/> points),
    /// with the KS statistic (largest gap between their cumulative shares) and where it is in the title.
    /// </summary>
    public static GenericChart ScoreDistributions(IReadOnlyList<double> points, IReadOnlyList<bool> isBad, double bandWidth = 10)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(isBad);
        if (points.Count != isBad.Count || points.Count == 0) throw new ArgumentException($"{points.Count} scores against {isBad.Count} labels");
        var low = Math.Floor(points.Min() / bandWidth) * bandWidth;
        var bands = (int)Math.Floor((points.Max() - low) / bandWidth) + 1;
        var goods = new double[bands];
        var bads = new double[bands];
        for (var i = 0; i < points.Count; i++) (isBad[i] ? bads : goods)[(int)Math.Floor((points[i] - low) / bandWidth)]++;
        double goodTotal = goods.Sum(), badTotal = bads.Sum();
        var (ks, at) = Ks(goods, bads, goodTotal, badTotal);
        var centres = Enumerable.Range(0, bands).Select(b => low + (b + 0.5) * bandWidth).ToArray();
        var traces = new[]
        {
            Figure.Trace("bar", ("x", centres), ("y", goods.Select(g => Math.Round(g / Math.Max(goodTotal, 1), 5)).ToArray()), ("name", $"goods ({goodTotal:N0})"),
                ("opacity", 0.6), ("marker", new { color = "#2ca02c" })),
            Figure.Trace("bar", ("x", centres), ("y", bads.Select(b => Math.Round(b / Math.Max(badTotal, 1), 5)).ToArray()), ("name", $"bads ({badTotal:N0})"),
                ("opacity", 0.6), ("marker", new { color = "#d62728" })),
        };
        var layout = Figure.Layout(string.Create(CultureInfo.InvariantCulture,
            $"Score distributions of goods and bads: KS {ks:F3} at {low + (at + 1) * bandWidth:0} points"), "score (points)", "share of the class");
        layout.SetProperty("barmode", "overlay");
        layout.SetProperty("bargap", 0.05);
        layout.SetProperty("yaxis", new { title = new { text = "share of the class" }, tickformat = ".0%" });
        layout.SetProperty("width", 820);
        return Figure.Chart(traces, layout);
    }

    /// <summary>The KS statistic of a score: the largest gap between the cumulative shares of bads and goods, from the points.</summary>
    public static double KolmogorovSmirnov(IReadOnlyList<double> points, IReadOnlyList<bool> isBad) =>
        BinaryMetrics.KolmogorovSmirnov(points.Select(p => -(float)p).ToArray(), isBad).Statistic;

    /// <summary>The IV table: characteristic, IV, band, selected, reason (what <c>iv.csv</c> holds).</summary>
    public static DataFrame IvTable(BinningProcess process)
    {
        ArgumentNullException.ThrowIfNull(process);
        var choices = process.Choices;
        return new DataFrame(
            new StringDataFrameColumn("characteristic", choices.Select(c => c.Name)),
            new DoubleDataFrameColumn("IV", choices.Select(c => Math.Round(c.Iv, 4))),
            new StringDataFrameColumn("band", choices.Select(c => c.Band.ToString().ToLowerInvariant())),
            new BooleanDataFrameColumn("selected", choices.Select(c => c.Selected)),
            new StringDataFrameColumn("reason", choices.Select(c => c.Reason)));
    }

    /// <summary>The scorecard table: characteristic, bin, count, events, bad rate, WoE, points (what <c>scorecard_bins.csv</c> holds).</summary>
    public static DataFrame BinsTable(Scorecard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var rows = card.Table;
        return new DataFrame(
            new StringDataFrameColumn("characteristic", rows.Select(r => r.Characteristic)),
            new StringDataFrameColumn("bin", rows.Select(r => r.Bin.Label)),
            new Int32DataFrameColumn("count", rows.Select(r => r.Bin.Count)),
            new Int32DataFrameColumn("events", rows.Select(r => r.Bin.Events)),
            new DoubleDataFrameColumn("bad_rate", rows.Select(r => Math.Round(r.Bin.EventRate, 4))),
            new DoubleDataFrameColumn("woe", rows.Select(r => Math.Round(r.Bin.Woe, 4))),
            new DoubleDataFrameColumn("points", rows.Select(r => Math.Round(r.Points, 2))));
    }

    /// <summary>The stability report as a table: characteristic, CSI, status, then the score's PSI.</summary>
    public static DataFrame StabilityTable(ScorecardStabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var names = report.Characteristics.Select(c => c.Characteristic).Append("score (points)").ToList();
        var values = report.Characteristics.Select(c => Math.Round(c.Csi, 4)).Append(Math.Round(report.ScorePsi, 4)).ToList();
        var statuses = report.Characteristics.Select(c => c.Status.ToString()).Append(report.ScoreStatus.ToString()).ToList();
        return new DataFrame(new StringDataFrameColumn("characteristic", names), new DoubleDataFrameColumn("CSI / PSI", values),
            new StringDataFrameColumn("status", statuses));
    }

    private static (double Ks, int At) Ks(double[] goods, double[] bads, double goodTotal, double badTotal)
    {
        double cumulativeGood = 0, cumulativeBad = 0, best = 0;
        var at = 0;
        for (var b = 0; b < goods.Length; b++)
        {
            cumulativeGood += goods[b] / Math.Max(goodTotal, 1);
            cumulativeBad += bads[b] / Math.Max(badTotal, 1);
            if (Math.Abs(cumulativeBad - cumulativeGood) > best) (best, at) = (Math.Abs(cumulativeBad - cumulativeGood), b);
        }
        return (best, at);
    }
}
