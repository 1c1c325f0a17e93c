using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;

namespace CreditPoC.Tests.Data;

/// <summary>
/// One generated file read back once: the header, per-column missing counts, kind and level violations, and the
/// values of the columns the tests look at (kept as text; the whole table is never held).
/// </summary>
internal sealed class GeneratedSample
{
    public static readonly string[] KeptColumns =
    [
        "SK_ID_CURR", "TARGET", "NAME_CONTRACT_TYPE", "CODE_GENDER", "FLAG_OWN_CAR", "AMT_INCOME_TOTAL", "AMT_CREDIT",
        "AMT_ANNUITY", "AMT_GOODS_PRICE", "NAME_INCOME_TYPE", "NAME_EDUCATION_TYPE", "NAME_FAMILY_STATUS",
        "DAYS_BIRTH", "DAYS_EMPLOYED", "DAYS_REGISTRATION", "DAYS_ID_PUBLISH", "OWN_CAR_AGE", "ORGANIZATION_TYPE",
        "EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3", "APARTMENTS_AVG", "APARTMENTS_MODE", "APARTMENTS_MEDI",
        "COMMONAREA_AVG", "REGION_POPULATION_RELATIVE",
    ];

    public string[] Header { get; private init; } = [];
    public int Rows { get; private set; }
    public int[] MissingCounts { get; } = new int[HomeCreditColumns.All.Count];
    public List<string> Violations { get; } = [];
    public Dictionary<string, string[]> Columns { get; } = new(StringComparer.Ordinal);
    public string RawText { get; private init; } = "";

    public double MissingShare(string column) => (double)MissingCounts[HomeCreditColumns.IndexOf(column)] / Rows;

    public double Number(string column, int row) =>
        Columns[column][row] is "" ? double.NaN : double.Parse(Columns[column][row], CultureInfo.InvariantCulture);

    public static GeneratedSample Read(string path)
    {
        using var reader = CsvRecordReader.Open(path);
        var sample = new GeneratedSample { Header = reader.Header.ToArray(), RawText = File.ReadAllText(path) };
        var kept = KeptColumns.Select(c => (Name: c, Index: HomeCreditColumns.IndexOf(c), Values: new List<string>())).ToArray();
        var columns = HomeCreditColumns.All;
        Assert.HasCount(columns.Count, sample.Header);
        while (reader.Read())
        {
            var fields = Enumerable.Range(0, columns.Count).Select(reader.Value).ToArray();
            for (var c = 0; c < fields.Length; c++)
            {
                var value = fields[c];
                if (value.Length == 0)
                {
                    sample.MissingCounts[c]++;
                    continue;
                }
                var ok = columns[c].Kind switch
                {
                    ColumnKind.Integer => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
                    ColumnKind.Float => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                                        && !value.Contains('E') && value.Contains('.'),
                    _ => columns[c].Levels.Contains(value),
                };
                if (!ok && sample.Violations.Count < 20) sample.Violations.Add($"line {reader.Line} {columns[c].Name}: '{value}'");
            }
            foreach (var (_, index, values) in kept) values.Add(fields[index]);
        }
        sample.Rows = reader.Row;
        foreach (var (name, _, values) in kept) sample.Columns[name] = values.ToArray();
        return sample;
    }
}
