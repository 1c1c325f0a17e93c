using CreditPoC.Exploration;
using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>Charts of a <see cref="DataProfile"/>: they read its aggregates (bins, counts, rates), never the rows.</summary>
public static class ProfileCharts
{
    /// <summary>The missing share of the <paramref name="top"/> most-missing columns.</summary>
    public static GenericChart MissingShares(DataProfile profile, int top = 60)
    {
        var all = profile.MissingTable();
        var columns = all.Take(top).ToList();
        if (columns.Count == 0)
            return CreditCharts.MissingShareBars(["(no missing values)"], [0]);
        var title = columns.Count < all.Count
            ? $"Missing share per column (the {columns.Count} most missing of {all.Count} columns with missing values)"
            : $"Missing share per column ({all.Count} of {profile.Columns.Count} columns have missing values)";
        return CreditCharts.MissingShareBars(columns.Select(c => c.Name).ToList(), columns.Select(c => c.MissingShare).ToList(), title);
    }

    /// <summary>5th–95th percentile histograms of the given numeric columns, in a grid.</summary>
    public static GenericChart Histograms(DataProfile profile, IEnumerable<string> columns, int perRow = 4)
    {
        var chosen = columns.Select(c => profile[c]).Where(c => c.Histogram is not null).ToList();
        if (chosen.Count == 0)
            return Nothing("Histograms: no numeric columns with values");
        return CreditCharts.Grid(
            chosen.Select(c => CreditCharts.HistogramBars(c.Name, c.Histogram!.Edges, c.Histogram.Counts)).ToList(),
            chosen.Select(c => c.Name).ToList(), perRow, "Histograms, clipped to the 5th–95th percentile");
    }

    /// <summary>Bar charts of category counts of the given text columns (top <paramref name="maxBars"/> each), in a grid.</summary>
    public static GenericChart CategoryCounts(DataProfile profile, IEnumerable<string> columns, int perRow = 4, int maxBars = 15)
    {
        var chosen = columns.Select(c => profile[c]).Where(c => c.Categories is { Count: > 0 }).ToList();
        if (chosen.Count == 0)
            return Nothing("Rows per category: no text columns with values");
        return CreditCharts.Grid(
            chosen.Select(c =>
            {
                var top = c.Categories!.Take(maxBars).ToList();
                return CreditCharts.CategoryBars(c.Name, ShortLabels(top.Select(t => t.Category).ToList()), top.Select(t => t.Count).ToList());
            }).ToList(),
            chosen.Select(c => c.Name).ToList(), perRow, "Rows per category (most frequent first)", cellHeight: 300, tiltLabels: true);
    }

    /// <summary>The default rate by category (text) or quantile bin (numbers) of the given columns, in a grid.</summary>
    public static GenericChart TargetRates(DataProfile profile, IEnumerable<string> columns, int perRow = 3, int maxGroups = 15)
    {
        var chosen = columns.Select(c => profile[c]).Where(c => c.TargetRates is { Count: > 0 }).ToList();
        if (chosen.Count == 0)
            return Nothing("Default rate: none of these columns has target rates (was a target given?)");
        return CreditCharts.Grid(
            chosen.Select(c =>
            {
                var bins = c.TargetRates!.Take(maxGroups).ToList();
                var rates = bins.Select(b => b.Rate).ToList();
                // Categories have no order, so bars; numeric bins are ordered, so a line shows the trend.
                return c.Type == "text"
                    ? CreditCharts.RateBars(c.Name, ShortLabels(bins.Select(b => b.Label).ToList()), rates, profile.PositiveRate)
                    : CreditCharts.RateLine(c.Name, bins.Select(b => b.Label).ToList(), rates, profile.PositiveRate);
            }).ToList(),
            chosen.Select(c => c.Name).ToList(), perRow, $"Default rate ({profile.Target} = {profile.PositiveLabel}) by group; dashed = overall",
            cellHeight: 300, rates: true);
    }

    /// <summary>
    /// Category names cut to <paramref name="max"/> characters so that tilted tick labels fit under a small chart;
    /// a name stays whole when cutting would make two names equal (bars with equal names would merge).
    /// </summary>
    internal static IReadOnlyList<string> ShortLabels(IReadOnlyList<string> labels, int max = 16)
    {
        var cut = labels.Select(l => l.Length <= max ? l : l[..(max - 1)].TrimEnd() + "…").ToList();
        var clashes = cut.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return cut.Select((l, i) => clashes.Contains(l) ? labels[i] : l).ToList();
    }

    /// <summary>An empty chart whose title says why there is nothing to show.</summary>
    private static GenericChart Nothing(string title) => CreditCharts.CategoryBars(title, [], []);

    /// <summary>The columns most associated with the target.</summary>
    public static GenericChart TopAssociations(DataProfile profile, int count = 20)
    {
        var top = profile.TopAssociations(count);
        return CreditCharts.ValueBars($"Association with {profile.Target} (pearson for numbers, eta for text)",
            top.Select(a => $"{a.Column} ({a.Measure})").ToList(), top.Select(a => a.Value).ToList(), "association");
    }
}
