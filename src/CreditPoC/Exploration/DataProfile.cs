using System.Text.Json;
using System.Text.Json.Serialization;
using CreditPoC.IO;
using CreditPoC.Tables;

namespace CreditPoC.Exploration;

/// <summary>
/// The profile of a table (written as profile.json): per-column statistics that later notebooks and monitoring
/// reuse as the reference — histogram edges and counts, quantile bins, category frequencies, special values.
/// </summary>
public sealed class DataProfile
{
    /// <summary>The data file or table name.</summary>
    public required string Source { get; init; }

    /// <summary>Rows in the table.</summary>
    public long Rows { get; init; }

    /// <summary>The target column, if any.</summary>
    public string? Target { get; init; }

    /// <summary>The target's positive label.</summary>
    public string? PositiveLabel { get; init; }

    /// <summary>Share of positive rows among rows with a target.</summary>
    public double? PositiveRate { get; init; }

    /// <summary>The id column, if any.</summary>
    public string? IdColumn { get; init; }

    /// <summary>All columns in table order.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>The profile of one column.</summary>
    /// <exception cref="UserFacingException">No such column.</exception>
    public ColumnProfile this[string column] =>
        Columns.FirstOrDefault(c => c.Name == column) ?? throw new UserFacingException($"the profile has no column {column}");

    /// <summary>Numeric columns other than the target and id.</summary>
    [JsonIgnore]
    public IEnumerable<ColumnProfile> NumericColumns => Features.Where(c => c.Type != "text");

    /// <summary>Text columns other than the target and id.</summary>
    [JsonIgnore]
    public IEnumerable<ColumnProfile> TextColumns => Features.Where(c => c.Type == "text");

    private IEnumerable<ColumnProfile> Features => Columns.Where(c => c.Name != Target && c.Name != IdColumn);

    /// <summary>Names of up to <paramref name="count"/> numeric columns, most associated with the target first.</summary>
    /// <param name="count">How many columns at most.</param>
    /// <param name="minDistinct">Leave out columns with fewer distinct values (3 leaves out yes/no flags).</param>
    public IReadOnlyList<string> StrongestNumericColumns(int count, int minDistinct = 0) =>
        ByStrength(NumericColumns.Where(c => c.Distinct >= minDistinct), count);

    /// <summary>Names of up to <paramref name="count"/> text columns, most associated with the target first.</summary>
    public IReadOnlyList<string> StrongestTextColumns(int count) => ByStrength(TextColumns, count);

    private static IReadOnlyList<string> ByStrength(IEnumerable<ColumnProfile> columns, int count) =>
        columns.OrderByDescending(c => Math.Abs(c.TargetAssociation?.Value ?? 0)).Take(count).Select(c => c.Name).ToList();

    /// <summary>Columns with missing values, most missing first.</summary>
    public IReadOnlyList<ColumnProfile> MissingTable() =>
        Columns.Where(c => c.Missing > 0).OrderByDescending(c => c.Missing).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();

    /// <summary>The <paramref name="count"/> columns most associated with the target (by absolute value).</summary>
    public IReadOnlyList<TargetAssociation> TopAssociations(int count = 15) =>
        Columns.Where(c => c.TargetAssociation is not null).Select(c => c.TargetAssociation!)
            .OrderByDescending(a => Math.Abs(a.Value)).Take(count).ToList();

    /// <summary>Every special value found, by column.</summary>
    public IReadOnlyList<SpecialValue> SpecialValues() => Columns.SelectMany(c => c.SpecialValues).ToList();

    /// <summary>Rows, columns and how many of each type.</summary>
    public string OverviewText() =>
        $"{Source}: {Rows:N0} rows × {Columns.Count} columns — " +
        string.Join(", ", Columns.GroupBy(c => c.Type).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}")) +
        (Target is null ? "" : $". Target {Target}: positive label '{PositiveLabel}', rate {PositiveRate:P2}") + "\n";

    /// <summary>Every column with its type, missing share and distinct count.</summary>
    public string TypesText() => TypesTable().ToString();

    /// <summary>Every column with its type, missing share and distinct count (a notebook shows an HTML table).</summary>
    public ReportTable TypesTable() => ReportTable.Of(["column", "type", "missing", "distinct"],
        Columns.Select(c => (IReadOnlyList<string>)[c.Name, c.Type, c.MissingShare.ToString("P1"), c.Distinct.ToString("N0")]));

    /// <summary>The missing table as text (the <paramref name="top"/> most missing columns).</summary>
    public string MissingText(int top = 200) => MissingValuesTable(top).ToString();

    /// <summary>The <paramref name="top"/> most missing columns, with how many of all columns miss values.</summary>
    public ReportTable MissingValuesTable(int top = 200)
    {
        var table = MissingTable();
        return ReportTable.Of(["column", "type", "missing", "share"],
            table.Take(top).Select(c => (IReadOnlyList<string>)[c.Name, c.Type, c.Missing.ToString("N0"), c.MissingShare.ToString("P1")]),
            table.Count == 0 ? "No missing values." : $"{table.Count} of {Columns.Count} columns have missing values.");
    }

    /// <summary>Statistics of numeric columns as text.</summary>
    public string NumericSummaryText() => NumericSummaryTable().ToString();

    /// <summary>Count, mean, standard deviation and percentiles of every numeric column.</summary>
    public ReportTable NumericSummaryTable() => ReportTable.Of(["column", "count", "mean", "std", "min", "p5", "p50", "p95", "max"],
        NumericColumns.Where(c => c.Numbers is not null).Select(c =>
        {
            var n = c.Numbers!;
            return (IReadOnlyList<string>)[c.Name, n.Count.ToString("N0"), G(n.Mean), G(n.Std), G(n.Min), G(n.Percentiles["p5"]),
                G(n.Percentiles["p50"]), G(n.Percentiles["p95"]), G(n.Max)];
        }));

    /// <summary>Special values as text.</summary>
    public string SpecialValuesText() => SpecialValuesTable().ToString();

    /// <summary>Frequent codes far outside a column's other values (such as 365243 days), with their target rate.</summary>
    public ReportTable SpecialValuesTable()
    {
        var values = SpecialValues();
        return ReportTable.Of(["column", "value", "rows", "share", "target rate", "why"],
            values.Select(s => (IReadOnlyList<string>)[s.Column, G(s.Value), s.Count.ToString("N0"), s.Share.ToString("P1"),
                s.PositiveRate is { } r ? r.ToString("P2") : "", s.Reason]),
            values.Count == 0 ? "No special values: no column has a frequent code far outside its other values." : "", maxWidth: 80);
    }

    /// <summary>The top associations with the target as text.</summary>
    public string AssociationsText(int count = 15) => AssociationsTable(count).ToString();

    /// <summary>The columns most associated with the target.</summary>
    public ReportTable AssociationsTable(int count = 15) =>
        ReportTable.Of(["column", "measure", "value", "rows used"],
            TopAssociations(count).Select(a => (IReadOnlyList<string>)[a.Column, a.Measure, a.Value.ToString("+0.000;-0.000"), a.RowsUsed.ToString("N0")]));

    /// <summary>The target rate by category or bin of one column, as text.</summary>
    public string TargetRatesText(string column) => TargetRatesTable(column).ToString();

    /// <summary>The target rate by category or bin of one column.</summary>
    public ReportTable TargetRatesTable(string column) =>
        this[column].TargetRates is not { } rates
            ? ReportTable.Of([column, "rows", "positives", "rate"], [], $"No target rates for {column}.")
            : ReportTable.Of([column, "rows", "positives", "rate"],
                rates.Select(r => (IReadOnlyList<string>)[r.Label, r.Count.ToString("N0"), r.Positives.ToString("N0"),
                    double.IsNaN(r.Rate) ? "" : r.Rate.ToString("P2")]));

    // Millions and more with thousands separators (1,423,800 reads better than 1.4238E+06); the rest in 6 significant digits.
    private static string G(double v) => Math.Abs(v) is >= 1e6 and < 1e15
        ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
        : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The profile as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes profile.json atomically.</summary>
    public void WriteJson(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a profile written by <see cref="WriteJson"/> (e.g. as monitoring's reference).</summary>
    public static DataProfile ReadJson(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"profile file {path} does not exist");
        try
        {
            return JsonSerializer.Deserialize<DataProfile>(File.ReadAllText(path), Json)
                   ?? throw new UserFacingException($"profile file {path} is empty");
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"profile file {path} is not a valid profile: {e.Message}", e);
        }
    }
}
