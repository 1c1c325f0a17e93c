namespace CreditPoC.Monitoring;

/// <summary>
/// What a feature looked like in the training data, kept by <c>learn</c> so that later batches can be compared with
/// it: bins fixed from the reference (quantile edges for numbers, levels for text), their shares, the missing rate,
/// and a bounded sorted sample of numeric values for the KS test.
/// </summary>
public sealed record FeatureReference
{
    public required string Name { get; init; }
    public required bool IsNumeric { get; init; }
    public required double MissingRate { get; init; }
    public required long Count { get; init; }

    /// <summary>Numeric: the inner bin edges (bins are (-inf, e0], (e0, e1], …, (e_last, +inf)).</summary>
    public double[] Edges { get; init; } = [];

    /// <summary>Numeric: share of non-missing values per bin. Text: share per level (in <see cref="Levels"/> order).</summary>
    public double[] Shares { get; init; } = [];

    /// <summary>Text: the levels seen in the reference.</summary>
    public string[] Levels { get; init; } = [];

    /// <summary>Numeric: an evenly spaced sample of the sorted non-missing values (at most <see cref="SampleSize"/>).</summary>
    public double[] Sample { get; init; } = [];

    public const int SampleSize = 2000;

    public static FeatureReference Numeric(string name, IEnumerable<double?> values, int bins = 10)
    {
        var all = values.ToList();
        var present = all.Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).Order().ToArray();
        var edges = present.Length == 0 ? [] : Enumerable.Range(1, bins - 1)
            .Select(k => present[(int)Math.Min(present.Length - 1, Math.Floor(k * present.Length / (double)bins))])
            .Distinct().ToArray();
        var sample = present.Length <= SampleSize ? present
            : Enumerable.Range(0, SampleSize).Select(i => present[(int)((long)i * (present.Length - 1) / (SampleSize - 1))]).ToArray();
        return new FeatureReference
        {
            Name = name, IsNumeric = true, Count = all.Count,
            MissingRate = all.Count == 0 ? 0 : 1 - present.Length / (double)all.Count,
            Edges = edges, Shares = ToShares(BinCounts(present, edges)), Sample = sample,
        };
    }

    public static FeatureReference Categorical(string name, IEnumerable<string?> values)
    {
        var all = values.ToList();
        var present = all.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        var counts = present.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        return new FeatureReference
        {
            Name = name, IsNumeric = false, Count = all.Count,
            MissingRate = all.Count == 0 ? 0 : 1 - present.Count / (double)all.Count,
            Levels = counts.Select(g => g.Key).ToArray(),
            Shares = ToShares(counts.Select(g => (long)g.Count()).ToArray()),
        };
    }

    internal static long[] BinCounts(IEnumerable<double> values, double[] edges)
    {
        var counts = new long[edges.Length + 1];
        foreach (var v in values)
        {
            var index = Array.BinarySearch(edges, v);
            counts[index >= 0 ? index : ~index]++;
        }
        return counts;
    }

    internal static double[] ToShares(long[] counts)
    {
        var total = counts.Sum();
        return counts.Select(c => total == 0 ? 0 : c / (double)total).ToArray();
    }
}
