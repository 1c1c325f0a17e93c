using System.Globalization;
using System.Text;
using CreditPoC.IO;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Loading;

/// <summary>
/// Writes a DataFrame as CSV in the form <see cref="CsvTableLoader"/> reads: a header, empty cells for missing
/// values, numbers in invariant round-trip form, text quoted when it holds a comma, quote or line break.
/// </summary>
public static class CsvTableWriter
{
    public static void Write(DataFrame data, string path, bool overwrite = true)
    {
        var columns = data.Columns.ToList();
        // Read every column once into plain arrays: row-wise access to DataFrame cells boxes each value.
        var cells = columns.Select(c => ColumnValues.IsNumeric(c)
            ? (Func<long, string>)Formatter(ColumnValues.Numbers(c), ColumnValues.IsInteger(c))
            : TextFormatter(c)).ToArray();
        AtomicFile.WriteText(path, writer =>
        {
            writer.Write(string.Join(",", columns.Select(c => Quote(c.Name))));
            writer.Write('\n');
            var line = new StringBuilder(1024);
            for (long row = 0; row < data.Rows.Count; row++)
            {
                line.Clear();
                for (var c = 0; c < cells.Length; c++)
                {
                    if (c > 0) line.Append(',');
                    line.Append(cells[c](row));
                }
                line.Append('\n');
                writer.Write(line);
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
