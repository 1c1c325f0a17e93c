using System.Globalization;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tables;

/// <summary>
/// A target column turned into labels: 1 = positive (e.g. defaulted), 0 = negative, -1 = missing or another
/// value. The one target parser of the library (validation, exploration, modeling and trial all read targets
/// through it), with one rule for the positive label: see <see cref="Matches"/>. Values are read as text
/// (<see cref="ColumnValues.Texts"/>) and trimmed; a blank value is missing.
/// </summary>
public sealed class TargetVector
{
    /// <summary>How a value is compared with the positive label, in words for error messages.</summary>
    public const string MatchingRule = "labels are matched ignoring case, numbers by value";

    private readonly string? _source;

    private TargetVector(string column, string positiveLabel, string? source, string?[] values, Dictionary<string, long> counts)
    {
        Column = column;
        PositiveLabel = positiveLabel;
        _source = source;
        ValueCounts = counts;
        var positiveValues = counts.Keys.Where(v => Matches(v, positiveLabel)).ToHashSet(StringComparer.Ordinal);
        PositiveValues = positiveValues.Order(StringComparer.Ordinal).ToList();
        OtherValues = counts.Keys.Where(v => !positiveValues.Contains(v)).OrderByDescending(v => counts[v]).ThenBy(v => v, StringComparer.Ordinal).ToList();
        var binary = OtherValues.Count <= 1;
        Labels = values.Select(v => v is null ? -1 : positiveValues.Contains(v) ? 1 : binary ? 0 : -1).ToArray();
        IsPositive = values.Select(v => v is not null && positiveValues.Contains(v)).ToArray();
        HasValue = values.Select(v => v is not null).ToArray();
        Missing = HasValue.LongCount(h => !h);
    }

    /// <summary>The target column's name.</summary>
    public string Column { get; }

    /// <summary>The value that counts as positive, as given.</summary>
    public string PositiveLabel { get; }

    /// <summary>Per row: 1 positive, 0 negative, -1 missing or neither label (when there is more than one other value).</summary>
    public int[] Labels { get; }

    /// <summary>Per row: the value matches the positive label.</summary>
    public bool[] IsPositive { get; }

    /// <summary>Per row: the target has a value (not missing or blank).</summary>
    public bool[] HasValue { get; }

    /// <summary>How often each distinct non-missing value occurs, spelled as in the data.</summary>
    public IReadOnlyDictionary<string, long> ValueCounts { get; }

    /// <summary>The distinct values that match the positive label (usually one; "Bad" and "bad" are both positive for 'bad').</summary>
    public IReadOnlyList<string> PositiveValues { get; }

    /// <summary>The distinct values that do not match the positive label, most frequent first.</summary>
    public IReadOnlyList<string> OtherValues { get; }

    /// <summary>Rows with no target value.</summary>
    public long Missing { get; }

    /// <summary>True when some row has the positive label.</summary>
    public bool HasPositive => PositiveValues.Count > 0;

    /// <summary>The negative label: the only value that is not the positive label; otherwise null.</summary>
    public string? NegativeLabel => OtherValues.Count == 1 ? OtherValues[0] : null;

    /// <summary>Rows labelled positive.</summary>
    public long Positives => Labels.LongCount(l => l == 1);

    /// <summary>Rows labelled negative.</summary>
    public long Negatives => Labels.LongCount(l => l == 0);

    /// <summary>Positives / (positives + negatives); NaN when there are none.</summary>
    public double PositiveRate => Positives + Negatives == 0 ? double.NaN : (double)Positives / (Positives + Negatives);

    /// <summary>
    /// Whether a target value is the positive label: both trimmed, numbers compared by value ("1" and "1.0"), text
    /// ignoring case ("Bad" and "bad").
    /// </summary>
    public static bool Matches(string value, string positiveLabel)
    {
        var (v, p) = (value.Trim(), positiveLabel.Trim());
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) &&
               double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            ? a == b
            : string.Equals(v, p, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The values seen, most frequent first, with their counts: "'good' (900), 'bad' (100)".</summary>
    public string Seen(int max = 10)
    {
        var items = ValueCounts.OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal).ToList();
        return string.Join(", ", items.Take(max).Select(v => $"'{v.Key}' ({v.Value:N0})")) + (items.Count > max ? $", … ({items.Count} in all)" : "");
    }

    /// <summary>The error for a target whose every labelled row is positive: one class, nothing to learn or compare.</summary>
    public string SingleClassMessage() =>
        $"{Column} has a single class ('{PositiveLabel}' only): nothing to learn";

    /// <summary>The error for a positive label no row has, naming the column (and file), the rule and the values seen.</summary>
    public string PositiveNotFoundMessage() =>
        $"positive label '{PositiveLabel}' not found in column {Column}{(_source is null ? "" : $" of {_source}")} " +
        $"({MatchingRule}; values seen: {(ValueCounts.Count == 0 ? "none" : Seen())})";

    /// <summary>Reads the target <paramref name="target"/> of <paramref name="data"/>; <paramref name="source"/> (a file) names the data in messages.</summary>
    /// <exception cref="UserFacingException">The table has no column <paramref name="target"/>, or the positive label is blank.</exception>
    public static TargetVector From(DataFrame data, string target, string positiveLabel, string? source = null)
    {
        if (string.IsNullOrWhiteSpace(positiveLabel))
            throw new UserFacingException("the positive label is empty; give the target value that marks a positive row (e.g. \"1\" or \"bad\")");
        if (!data.Columns.Any(c => c.Name == target))
            throw new UserFacingException(
                $"{source ?? "the data"} has no target column {target}; its columns are: {NameList.Shorten(data.Columns.Select(c => c.Name), 20)}");
        var values = ColumnValues.Texts(data.Columns[target]);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i]?.Trim();
            values[i] = string.IsNullOrEmpty(value) ? null : value;
            if (values[i] is { } v)
                counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        return new TargetVector(target, positiveLabel.Trim(), source, values, counts);
    }
}
