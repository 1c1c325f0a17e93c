using CreditPoC.Loading;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Trial;

/// <summary>Which data a feature table is built for.</summary>
public enum DataType { Train, Test }

/// <summary>What <see cref="FeatureEngineering.Build"/> wrote and found.</summary>
public sealed record FeatureTable(
    string OutputPath, DataType DataType, int Rows, int Columns, int FlaggedRows,
    IReadOnlyDictionary<string, int> FlagCounts, IReadOnlyList<string> DroppedColumns, DataFrame Data);

/// <summary>
/// The trial's <c>feature_engineering</c> block. It checks a batch (CSV or Parquet) against the schema and writes the
/// feature table the next block reads (in the format of the output's extension; the pipeline writes Parquet): the columns known at application time (plus TARGET and APPLICATION_DATE for training) and a
/// ROW_FLAGS column. Transforms such as ratios and one-hot encoding are not done here: they travel inside the model,
/// so training and scoring apply exactly the same ones. A missing required column is an error; an unknown category,
/// a missing value where the schema's column is always filled (integer columns) or an out-of-range value is scored
/// and the row is flagged.
/// </summary>
public static class FeatureEngineering
{
    public const string FlagsColumn = "ROW_FLAGS";

    public static FeatureTable Build(string inputPath, TableSchema schema, DataType dataType, string outputPath)
    {
        var data = TableFile.Load(inputPath, schema, strict: false, allowNoRows: dataType == DataType.Test);
        var present = data.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var keep = schema.Columns.Where(c => c.Availability == Availability.Application
                                             || (dataType == DataType.Train && c.Name == schema.TargetColumn)).ToList();
        var missing = keep.Where(c => !present.Contains(c.Name)).Select(c => c.Name).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"{inputPath} lacks required column(s) for {dataType.ToString().ToLowerInvariant()} features: {NameList.Shorten(missing)}");
        foreach (var column in keep.Where(c => c.IsNumeric && !ColumnValues.IsNumeric(data.Columns[c.Name])))
        {
            var example = ColumnValues.Texts(data.Columns[column.Name]).Select((v, i) => (v, i))
                .First(x => x.v is not null && !double.TryParse(x.v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
            throw new UserFacingException($"{inputPath} row {example.i + 1}, column {column.Name}: '{example.v}' is not a number ({column.Type.ToString().ToLowerInvariant()} expected)");
        }

        var (flags, counts) = RowFlags(data, keep);
        var output = new DataFrame(keep.Select(c => data.Columns[c.Name]));
        if (present.Contains(Accumulator.ApplicationDateColumn)) output.Columns.Add(data.Columns[Accumulator.ApplicationDateColumn]);
        output.Columns.Add(new StringDataFrameColumn(FlagsColumn, flags));
        var dropped = data.Columns.Select(c => c.Name).Where(n => !output.Columns.Any(c => c.Name == n)).ToList();

        TableFile.Write(output, outputPath);
        return new FeatureTable(Path.GetFullPath(outputPath), dataType, (int)output.Rows.Count, output.Columns.Count,
            flags.Count(f => f.Length > 0), counts, dropped, output);
    }

    private static (string[] Flags, Dictionary<string, int> Counts) RowFlags(DataFrame data, IReadOnlyList<ColumnSchema> columns)
    {
        var rows = (int)data.Rows.Count;
        var flags = new List<string>?[rows];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Flag(int row, string flag)
        {
            (flags[row] ??= []).Add(flag);
            counts[flag] = counts.GetValueOrDefault(flag) + 1;
        }

        foreach (var column in columns)
        {
            var values = data.Columns[column.Name];
            if (column.Categories is { Count: > 0 } categories)
            {
                var known = categories.ToHashSet(StringComparer.Ordinal);
                var texts = ColumnValues.Texts(values);
                for (var r = 0; r < rows; r++)
                    if (texts[r] is { } text && !known.Contains(text)) Flag(r, $"unknown_category:{column.Name}");
            }
            else if (column.IsNumeric)
            {
                var numbers = ColumnValues.Numbers(values);
                for (var r = 0; r < rows; r++)
                {
                    var v = numbers[r];
                    if (double.IsNaN(v))
                    {
                        if (column.Type == ColumnType.Integer) Flag(r, $"missing:{column.Name}");
                    }
                    else if ((v < column.Min || v > column.Max) && !column.SpecialValues.Contains(v))
                    {
                        Flag(r, $"out_of_range:{column.Name}");
                    }
                }
            }
        }
        return (flags.Select(f => f is null ? "" : string.Join(';', f)).ToArray(), counts);
    }
}
