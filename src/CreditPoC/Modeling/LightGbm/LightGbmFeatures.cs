namespace CreditPoC.Modeling;

/// <summary>
/// The columns LightGBM sees for a <see cref="FeaturePlan"/>, in the plan's order: the numbers as read, the ratio
/// features, then each categorical feature as one column of level codes (LightGBM's own categorical splits). A code is
/// the level's position among the plan's levels in ordinal order (rare levels share "Other", a missing text is the
/// level "(missing)"); a text not seen in training has no code (NaN), so it takes the missing branch.
/// </summary>
internal sealed class LightGbmFeatures
{
    private readonly FeaturePlan _plan;
    private readonly Dictionary<string, int>[] _codes;

    public LightGbmFeatures(FeaturePlan plan)
    {
        _plan = plan;
        Levels = plan.Categorical.Select(c => c.Mapping.Values.Distinct().Order(StringComparer.Ordinal).ToArray()).ToArray();
        _codes = plan.Categorical.Select((c, k) =>
        {
            var codeOfLevel = Levels[k].Select((level, code) => (level, code)).ToDictionary(x => x.level, x => x.code, StringComparer.Ordinal);
            return c.Mapping.ToDictionary(kv => kv.Key, kv => codeOfLevel[kv.Value], StringComparer.Ordinal);
        }).ToArray();
        Names = plan.Numeric.Concat(plan.Ratios.Select(r => r.Name)).Concat(plan.Categorical.Select(c => c.Name)).ToArray();
        Categorical = Enumerable.Range(plan.Numeric.Count + plan.Ratios.Count, plan.Categorical.Count).ToArray();
    }

    /// <summary>Column names, one per LightGBM feature (the plan's source features).</summary>
    public string[] Names { get; }

    /// <summary>Indices of the categorical columns.</summary>
    public int[] Categorical { get; }

    /// <summary>Per categorical column, its levels in code order.</summary>
    public string[][] Levels { get; }

    public int Count => Names.Length;

    /// <summary>The rows (all when null) of the table as a matrix, filled in parallel over columns.</summary>
    public FeatureMatrix Build(ColumnTable table, IReadOnlyList<int>? rows = null)
    {
        var count = rows?.Count ?? table.RowCount;
        var columns = Count;
        var values = new float[(long)count * columns];
        Parallel.For(0, columns, column =>
        {
            var fill = Filler(table, column);
            for (var i = 0; i < count; i++) values[(long)i * columns + column] = fill(rows is null ? i : rows[i]);
        });
        return new FeatureMatrix(values, count, columns);
    }

    /// <summary>Reads one feature of a table's row.</summary>
    internal Func<int, float> Filler(ColumnTable table, int column)
    {
        var numeric = _plan.Numeric.Count;
        var ratios = _plan.Ratios.Count;
        if (column < numeric)
        {
            var values = Numbers(table, _plan.Numeric[column]);
            return row => values[row];
        }
        if (column < numeric + ratios)
        {
            var ratio = _plan.Ratios[column - numeric];
            var numerator = Numbers(table, ratio.Numerator);
            var denominator = Numbers(table, ratio.Denominator);
            return row => ratio.Compute(numerator[row], denominator[row]);
        }
        var k = column - numeric - ratios;
        var texts = table.Find(_plan.Categorical[k].Name)?.Texts
                    ?? throw new InvalidOperationException($"the table has no text column {_plan.Categorical[k].Name}");
        var lookup = _codes[k].GetAlternateLookup<ReadOnlySpan<char>>();
        return row => lookup.TryGetValue(texts[row].Span, out var code) ? code : float.NaN;
    }

    /// <summary>Writes one application's features from its input columns' values (an API's single row).</summary>
    internal void Fill(Span<float> features, Func<string, float> number, Func<string, ReadOnlyMemory<char>> text)
    {
        var column = 0;
        foreach (var name in _plan.Numeric) features[column++] = number(name);
        foreach (var ratio in _plan.Ratios) features[column++] = ratio.Compute(number(ratio.Numerator), number(ratio.Denominator));
        for (var k = 0; k < _plan.Categorical.Count; k++) features[column++] = Code(k, text(_plan.Categorical[k].Name).Span);
    }

    /// <summary>The code of one category's text (NaN when not seen in training).</summary>
    internal float Code(int categorical, ReadOnlySpan<char> text) =>
        _codes[categorical].GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var code) ? code : float.NaN;

    private static float[] Numbers(ColumnTable table, string name) =>
        table.Find(name)?.Numbers ?? throw new InvalidOperationException($"the table has no numeric column {name}");
}
