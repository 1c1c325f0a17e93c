using CreditPoC.Loading;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Validation;

/// <summary>
/// Checks a table against its schema: missing columns (error), extra columns (warning), values of the wrong type
/// (error, with rows and examples), values out of the plausible range (warning; declared special values are
/// allowed) and categories the schema does not list (warning).
/// </summary>
public static class SchemaConformance
{
    /// <summary>How many example rows an issue keeps.</summary>
    public const int MaxExamples = 5;

    /// <summary>All conformance issues of <paramref name="data"/>.</summary>
    public static List<ValidationIssue> Check(DataFrame data, TableSchema schema)
    {
        var issues = new List<ValidationIssue>();
        var present = data.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = schema.Columns.Where(c => !present.Contains(c.Name)).Select(c => c.Name).ToList();
        foreach (var name in missing)
            issues.Add(new(Severity.Error, "missing_column", name, 1, $"the schema names {name} but the table has no such column"));
        foreach (var column in data.Columns.Where(c => schema.Find(c.Name) is null))
            issues.Add(new(Severity.Warning, "extra_column", column.Name, 1,
                $"{column.Name} is in the table but not in the schema (its type, range and availability are unknown)"));

        foreach (var column in data.Columns)
        {
            if (schema.Find(column.Name) is not { } expected)
                continue;
            if (expected.IsNumeric)
                CheckNumeric(column, expected, issues);
            else if (expected.Categories is { Count: > 0 })
                CheckCategories(column, expected, issues);
        }
        return issues;
    }

    private static void CheckNumeric(DataFrameColumn column, ColumnSchema expected, List<ValidationIssue> issues)
    {
        double[] numbers;
        if (ColumnValues.IsNumeric(column))
            numbers = ColumnValues.Numbers(column);
        else
        {
            // Loaded as text because some values are not numbers: report them, check the rest.
            var texts = ColumnValues.Texts(column);
            numbers = new double[texts.Length];
            var bad = new Collector();
            for (int r = 0; r < texts.Length; r++)
            {
                numbers[r] = double.NaN;
                if (texts[r] is not { } t)
                    continue;
                if (double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
                    numbers[r] = v;
                else
                    bad.Add(r, t);
            }
            if (bad.Count > 0)
                issues.Add(bad.ToIssue(Severity.Error, "wrong_type", column.Name,
                    $"{bad.Count} value(s) of {column.Name} are not numbers; the schema says {Name(expected.Type)}"));
        }

        if (expected.Type == ColumnType.Integer)
        {
            var fractional = new Collector();
            for (int r = 0; r < numbers.Length; r++)
                if (!double.IsNaN(numbers[r]) && numbers[r] != Math.Floor(numbers[r]))
                    fractional.Add(r, ColumnValues.Format(numbers[r]));
            if (fractional.Count > 0)
                issues.Add(fractional.ToIssue(Severity.Error, "wrong_type", column.Name,
                    $"{fractional.Count} value(s) of {column.Name} are not whole numbers; the schema says integer"));
        }

        if (expected.Min is null && expected.Max is null)
            return;
        var special = expected.SpecialValues.ToHashSet();
        var outside = new Collector();
        foreach (var (r, v) in numbers.Select((v, r) => (r, v)))
            if (!double.IsNaN(v) && !special.Contains(v) && (v < expected.Min || v > expected.Max))
                outside.Add(r, ColumnValues.Format(v));
        if (outside.Count > 0)
            issues.Add(outside.ToIssue(Severity.Warning, "out_of_range", column.Name,
                $"{outside.Count} value(s) of {column.Name} are outside the plausible range " +
                $"{Bound(expected.Min)} … {Bound(expected.Max)}" +
                (special.Count > 0 ? $" (special values {string.Join(", ", special.Select(ColumnValues.Format))} allowed)" : "")));
    }

    private static void CheckCategories(DataFrameColumn column, ColumnSchema expected, List<ValidationIssue> issues)
    {
        var allowed = expected.Categories!.ToHashSet(StringComparer.Ordinal);
        var unknown = new Collector();
        var texts = ColumnValues.Texts(column);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < texts.Length; r++)
            if (texts[r] is { } t && !allowed.Contains(t))
            {
                unknown.Add(r, t);
                distinct.Add(t);
            }
        if (unknown.Count > 0)
            issues.Add(unknown.ToIssue(Severity.Warning, "unknown_category", column.Name,
                $"{unknown.Count} value(s) of {column.Name} are categories the schema does not list: " +
                NameList.Shorten(distinct.Select(d => $"'{d}'"), 10)));
    }

    private static string Name(ColumnType type) => type == ColumnType.Integer ? "integer" : "float";

    private static string Bound(double? value) => value is { } v ? ColumnValues.Format(v) : "∞";

    /// <summary>Counts offending rows and keeps the first few as examples.</summary>
    internal sealed class Collector
    {
        private readonly List<IssueExample> _examples = [];

        public long Count { get; private set; }

        public void Add(long row, string value)
        {
            Count++;
            if (_examples.Count < MaxExamples)
                _examples.Add(new IssueExample(row + 1, value));
        }

        public ValidationIssue ToIssue(Severity severity, string rule, string? column, string message) =>
            new(severity, rule, column, Count, message, _examples.ToList());
    }
}
