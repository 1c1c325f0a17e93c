using CreditPoC.Tables;

namespace CreditPoC.Exploration;

/// <summary>Profiles one numeric column: special values, statistics, clipped histogram, target rate by bin.</summary>
internal static class NumericProfiler
{
    internal static readonly (string Name, double P)[] PercentileLevels =
        [("p1", 0.01), ("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95), ("p99", 0.99)];

    public static ColumnProfile Profile(string name, double[] values, bool integer, int[]? labels,
        IReadOnlyList<double> declaredSpecial, ProfileOptions options)
    {
        int rows = values.Length;
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        long missing = rows - present.Length;
        long distinct = CountDistinct(present);

        var special = FindSpecialValues(name, present, declaredSpecial, options.SpecialValueMinShare);
        var specialSet = special.Select(s => s.Value).ToHashSet();
        var ordinary = specialSet.Count == 0 ? present : present.Where(v => !specialSet.Contains(v)).ToArray();

        if (labels is not null)
            special = special.Select(s => s with { PositiveRate = RateOf(values, labels, v => v == s.Value).Rate }).ToList();

        var profile = new ColumnProfile(name, integer ? "integer" : "float", missing, rows == 0 ? 0 : (double)missing / rows, distinct)
        {
            SpecialValues = special,
            Numbers = ordinary.Length == 0 ? null : Summarize(ordinary),
            Histogram = ordinary.Length == 0 ? null : ClippedHistogram(ordinary, integer, options.HistogramBins),
        };
        if (labels is null)
            return profile;
        return profile with
        {
            TargetRates = RatesByBin(values, labels, ordinary, special, options.RateBins),
            TargetAssociation = Pearson(name, values, labels),
        };
    }

    private static long CountDistinct(double[] sorted)
    {
        long count = 0;
        for (int i = 0; i < sorted.Length; i++)
            if (i == 0 || sorted[i] != sorted[i - 1])
                count++;
        return count;
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default) on sorted values.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    private static NumericSummary Summarize(double[] sorted)
    {
        double mean = 0, m2 = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double delta = sorted[i] - mean;
            mean += delta / (i + 1);
            m2 += delta * (sorted[i] - mean);
        }
        double std = sorted.Length > 1 ? Math.Sqrt(m2 / (sorted.Length - 1)) : 0;
        var percentiles = PercentileLevels.ToDictionary(l => l.Name, l => Percentile(sorted, l.P));
        return new NumericSummary(sorted.Length, mean, std, sorted[0], sorted[^1], percentiles);
    }

    /// <summary>
    /// Values at either end of the column that sit far outside the rest (farther from it than the rest's own
    /// span) and fill at least <paramref name="minShare"/> of the rows; plus the schema's declared codes.
    /// </summary>
    private static List<SpecialValue> FindSpecialValues(string column, double[] sorted, IReadOnlyList<double> declared, double minShare)
    {
        var found = new List<SpecialValue>();
        int n = sorted.Length;
        if (n == 0)
            return found;
        foreach (var v in declared)
        {
            long count = CountEqual(sorted, v);
            if (count > 0)
                found.Add(new SpecialValue(column, v, count, (double)count / n, null, "declared in the schema"));
        }
        foreach (bool top in new[] { true, false })
        {
            double v = top ? sorted[^1] : sorted[0];
            if (found.Any(s => s.Value == v))
                continue;
            long count = CountEqual(sorted, v);
            if (count == n || count < Math.Max(5, minShare * n))
                continue;
            double restLow = top ? sorted[0] : sorted[count];
            double restHigh = top ? sorted[n - 1 - count] : sorted[^1];
            double span = restHigh - restLow;
            double gap = top ? v - restHigh : restLow - v;
            if (span > 0 && gap > span)
                found.Add(new SpecialValue(column, v, count, (double)count / n, null,
                    $"{(double)count / n:P1} of values, {gap / span:F1}× the other values' range away from them"));
        }
        return found;
    }

    private static long CountEqual(double[] sorted, double v)
    {
        int first = LowerBound(sorted, v);
        int last = first;
        while (last < sorted.Length && sorted[last] == v)
            last++;
        return last - first;
    }

    private static int LowerBound(double[] sorted, double v)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < v) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private static Histogram ClippedHistogram(double[] sorted, bool integer, int bins)
    {
        double low = Percentile(sorted, 0.05), high = Percentile(sorted, 0.95);
        if (low == high)
        {
            low = sorted[0];
            high = sorted[^1];
        }
        double[] edges;
        if (integer && high - low + 1 <= bins)
        {
            low = Math.Ceiling(low);
            high = Math.Floor(high);
            edges = Enumerable.Range(0, (int)(high - low) + 2).Select(i => low - 0.5 + i).ToArray();
        }
        else if (low == high)
            edges = [low - 0.5, low + 0.5];
        else
            edges = Enumerable.Range(0, bins + 1).Select(i => low + (high - low) * i / bins).ToArray();

        var counts = new long[edges.Length - 1];
        long below = 0, above = 0;
        double first = edges[0], last = edges[^1], width = (last - first) / counts.Length;
        foreach (var v in sorted)
        {
            if (v < low) below++;
            else if (v > high) above++;
            else counts[Math.Clamp((int)((v - first) / width), 0, counts.Length - 1)]++;
        }
        return new Histogram(edges, counts, below, above, low, high);
    }

    private static (long Count, long Positives, double Rate) RateOf(double[] values, int[] labels, Func<double, bool> inGroup)
    {
        long count = 0, positives = 0;
        for (int i = 0; i < values.Length; i++)
            if (labels[i] is 0 or 1 && inGroup(values[i]))
            {
                count++;
                positives += labels[i];
            }
        return (count, positives, count == 0 ? double.NaN : (double)positives / count);
    }

    private static List<RateBin> RatesByBin(double[] values, int[] labels, double[] ordinary, List<SpecialValue> special, int bins)
    {
        var result = new List<RateBin>();
        var specialSet = special.Select(s => s.Value).ToHashSet();
        var distinct = ordinary.Distinct().Take(bins + 1).ToArray();
        bool fewValues = distinct.Length > 0 &&
                         (distinct.Length <= 2 || distinct.Length <= bins && distinct.All(v => v == Math.Floor(v)));
        if (fewValues)
        {
            // Few values (flags, ratings, counts): one group per value.
            foreach (var value in distinct)
            {
                var (count, positives, rate) = RateOf(values, labels, v => v == value);
                result.Add(new RateBin($"= {Short(value)}", value, value, count, positives, rate));
            }
        }
        else if (ordinary.Length > 0)
        {
            var edges = Enumerable.Range(0, bins + 1).Select(i => Percentile(ordinary, (double)i / bins)).Distinct().ToArray();
            if (edges.Length == 1)
                edges = [edges[0], edges[0]];
            var counts = new long[edges.Length - 1];
            var positives = new long[edges.Length - 1];
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (double.IsNaN(v) || labels[i] is not (0 or 1) || specialSet.Contains(v))
                    continue;
                int bin = UpperBound(edges, v) - 1;
                bin = Math.Clamp(bin, 0, counts.Length - 1);
                counts[bin]++;
                positives[bin] += labels[i];
            }
            for (int b = 0; b < counts.Length; b++)
            {
                string close = b == counts.Length - 1 ? "]" : ")";
                result.Add(new RateBin($"[{Short(edges[b])}, {Short(edges[b + 1])}{close}", edges[b], edges[b + 1],
                    counts[b], positives[b], counts[b] == 0 ? double.NaN : (double)positives[b] / counts[b]));
            }
        }
        foreach (var s in special)
        {
            var (count, pos, rate) = RateOf(values, labels, v => v == s.Value);
            result.Add(new RateBin($"= {Short(s.Value)} (special)", s.Value, s.Value, count, pos, rate));
        }
        var (missingCount, missingPositives, missingRate) = RateOf(values, labels, double.IsNaN);
        if (missingCount > 0)
            result.Add(new RateBin("(missing)", null, null, missingCount, missingPositives, missingRate));
        return result;
    }

    private static int UpperBound(double[] sorted, double v)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid] <= v) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// <summary>A bin edge for a label: whole from 1000 up (-17998, 202500), else at most 3 significant digits (0.512).</summary>
    internal static string Short(double v) =>
        Math.Abs(v) >= 1000 ? Math.Round(v).ToString("0", System.Globalization.CultureInfo.InvariantCulture)
        : v == Math.Floor(v) ? ColumnValues.Format(v)
        : v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture);

    private static TargetAssociation? Pearson(string name, double[] values, int[] labels)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        long n = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]) || labels[i] is not (0 or 1))
                continue;
            double x = values[i], y = labels[i];
            n++;
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
        }
        if (n < 3)
            return null;
        double cov = sxy - sx * sy / n, vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        if (vx <= 0 || vy <= 0)
            return null;
        return new TargetAssociation(name, "pearson", cov / Math.Sqrt(vx * vy), n);
    }
}
