using System.Globalization;
using System.Text;
using CreditPoC.IO;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Loading;

/// <summary>
/// Writes a DataFrame as CSV in the form <see cref="CsvTableLoader"/> reads: a header, empty cells for missing
/// values, numbers in invariant round-trip form, text quoted when it holds a comma, quote or line break. A path
/// ending in .parquet is written as Parquet (<see cref="ParquetTableWriter"/>) instead: the extension says the format.
/// </summary>
public static class CsvTableWriter
{
    public static void Write(DataFrame data, string path, bool overwrite = true) => Write([new TablePart(data)], path, overwrite);

    /// <summary>Writes the parts one after another under one header (every part has the same columns).</summary>
    public static void Write(IReadOnlyList<TablePart> parts, string path, bool overwrite = true)
    {
        if (TableFile.IsParquet(path))
        {
            ParquetTableWriter.Write(parts, path, overwrite);
            return;
        }
        var columns = parts[0].Data.Columns.ToList();
        AtomicFile.WriteText(path, writer =>
        {
            writer.Write(string.Join(",", columns.Select(c => Quote(c.Name))));
            writer.Write('\n');
            var line = new StringBuilder(1024);
            foreach (var part in parts)
            {
                // Read every column once into plain arrays: row-wise access to DataFrame cells boxes each value.
                var cells = part.Data.Columns.Select(c => ColumnValues.IsNumeric(c)
                    ? (Func<long, string>)Formatter(ColumnValues.Numbers(c), ColumnValues.IsInteger(c))
                    : TextFormatter(c)).ToArray();
                for (var i = 0; i < part.RowCount; i++)
                {
                    long row = part.Rows is { } rows ? rows[i] : i;
                    line.Clear();
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (c > 0) line.Append(',');
                        line.Append(cells[c](row));
                    }
                    line.Append('\n');
                    writer.Write(line);
                }
            }
        }, overwrite);
    }

    private static Func<long, string> Formatter(double[] values, bool integer) => row =>
    {
        var v = values[row];
        if (double.IsNaN(v)) return "";
        return integer ? ((long)v).ToString(CultureInfo.InvariantCulture) : ColumnValues.Format(v);
    };

    private static Func<long, string> TextFormatter(DataFrameColumn column)
    {
        var values = ColumnValues.Texts(column);
        return row => values[row] is { } text ? Quote(text) : "";
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
