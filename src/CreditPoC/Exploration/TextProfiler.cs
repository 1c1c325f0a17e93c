namespace CreditPoC.Exploration;

/// <summary>Profiles one text column: category frequencies, target rate by category, correlation ratio.</summary>
internal static class TextProfiler
{
    public const string Other = "(other)";
    public const string MissingLabel = "(missing)";

    public static ColumnProfile Profile(string name, string?[] values, int[]? labels, ProfileOptions options)
    {
        int rows = values.Length;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var v in values)
        {
            if (v is null) missing++;
            else counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        long present = rows - missing;
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var kept = ordered.Take(options.MaxCategories).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var categories = ordered.Take(options.MaxCategories)
            .Select(c => new CategoryCount(c.Key, c.Value, present == 0 ? 0 : (double)c.Value / present)).ToList();
        long rest = ordered.Skip(options.MaxCategories).Sum(c => c.Value);
        if (rest > 0)
            categories.Add(new CategoryCount(Other, rest, (double)rest / present));

        var profile = new ColumnProfile(name, "text", missing, rows == 0 ? 0 : (double)missing / rows, counts.Count)
        {
            Categories = categories,
        };
        if (labels is null)
            return profile;

        var groups = new Dictionary<string, (long Count, long Positives)>(StringComparer.Ordinal);
        var exact = new Dictionary<string, (long Count, long Positives)>(StringComparer.Ordinal);
        for (int i = 0; i < rows; i++)
        {
            if (labels[i] is not (0 or 1))
                continue;
            string key = values[i] is not { } v ? MissingLabel : kept.Contains(v) ? v : Other;
            var g = groups.GetValueOrDefault(key);
            groups[key] = (g.Count + 1, g.Positives + labels[i]);
            if (values[i] is { } value)
            {
                var e = exact.GetValueOrDefault(value);
                exact[value] = (e.Count + 1, e.Positives + labels[i]);
            }
        }
        var order = categories.Select(c => c.Category).Append(MissingLabel).ToList();
        var rates = order.Where(groups.ContainsKey).Select(k =>
        {
            var (count, positives) = groups[k];
            return new RateBin(k, null, null, count, positives, count == 0 ? double.NaN : (double)positives / count);
        }).ToList();
        return profile with { TargetRates = rates, TargetAssociation = Eta(name, exact) };
    }

    /// <summary>Correlation ratio of a 0/1 target over categories: sqrt(between-group / total sum of squares).</summary>
    private static TargetAssociation? Eta(string name, Dictionary<string, (long Count, long Positives)> groups)
    {
        long n = groups.Values.Sum(g => g.Count), positives = groups.Values.Sum(g => g.Positives);
        if (n < 3 || positives == 0 || positives == n)
            return null;
        double mean = (double)positives / n;
        double total = n * mean * (1 - mean);
        double between = groups.Values.Sum(g => g.Count * Math.Pow((double)g.Positives / g.Count - mean, 2));
        return new TargetAssociation(name, "eta", Math.Sqrt(between / total), n);
    }
}
