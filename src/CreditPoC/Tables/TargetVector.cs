using Microsoft.Data.Analysis;

namespace CreditPoC.Tables;

/// <summary>
/// A target column turned into labels: 1 = positive (e.g. defaulted), 0 = negative, -1 = missing or another
/// value. Works for numeric targets ("1") and text targets ("bad"): values are compared as text.
/// </summary>
public sealed class TargetVector
{
    private TargetVector(string column, string positiveLabel, int[] labels, IReadOnlyDictionary<string, long> counts, long missing)
    {
        Column = column;
        PositiveLabel = positiveLabel;
        Labels = labels;
        ValueCounts = counts;
        Missing = missing;
    }

    /// <summary>The target column's name.</summary>
    public string Column { get; }

    /// <summary>The value that counts as positive.</summary>
    public string PositiveLabel { get; }

    /// <summary>Per row: 1 positive, 0 negative, -1 missing or neither label.</summary>
    public int[] Labels { get; }

    /// <summary>How often each distinct non-missing value occurs.</summary>
    public IReadOnlyDictionary<string, long> ValueCounts { get; }

    /// <summary>Rows with no target value.</summary>
    public long Missing { get; }

    /// <summary>The negative label: the only other value when the target has exactly two values; otherwise null.</summary>
    public string? NegativeLabel => ValueCounts.Count == 2 && ValueCounts.ContainsKey(PositiveLabel)
        ? ValueCounts.Keys.First(k => k != PositiveLabel)
        : ValueCounts.Count == 1 && !ValueCounts.ContainsKey(PositiveLabel) ? ValueCounts.Keys.First() : null;

    /// <summary>Rows labelled positive.</summary>
    public long Positives => Labels.LongCount(l => l == 1);

    /// <summary>Rows labelled negative.</summary>
    public long Negatives => Labels.LongCount(l => l == 0);

    /// <summary>Positives / (positives + negatives); NaN when there are none.</summary>
    public double PositiveRate => Positives + Negatives == 0 ? double.NaN : (double)Positives / (Positives + Negatives);

    /// <summary>
    /// Reads the target. Labels are 0/1 only when the column holds at most the positive label and one other value;
    /// otherwise every non-positive row is -1 (and validation reports the extra values).
    /// </summary>
    /// <exception cref="UserFacingException">The table has no column <paramref name="target"/>.</exception>
    public static TargetVector From(DataFrame data, string target, string positiveLabel)
    {
        if (!data.Columns.Any(c => c.Name == target))
            throw new UserFacingException(
                $"the table has no target column {target}; its columns are: {string.Join(", ", data.Columns.Take(20).Select(c => c.Name))}" +
                (data.Columns.Count > 20 ? ", …" : ""));
        var texts = ColumnValues.Texts(data.Columns[target]);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var t in texts)
        {
            if (t is null)
                missing++;
            else
                counts[t] = counts.GetValueOrDefault(t) + 1;
        }
        bool binary = counts.Count <= 2 && (counts.Count < 2 || counts.ContainsKey(positiveLabel));
        var labels = new int[texts.Length];
        for (int i = 0; i < texts.Length; i++)
            labels[i] = texts[i] is null ? -1 : texts[i] == positiveLabel ? 1 : binary ? 0 : -1;
        return new TargetVector(target, positiveLabel, labels, counts, missing);
    }
}
