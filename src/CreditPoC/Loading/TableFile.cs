using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Loading;

/// <summary>The two table file formats: CSV (text, for people and other tools) and Parquet (typed, compressed, not parsed again).</summary>
public enum TableFormat { Csv, Parquet }

/// <summary>
/// A table file whichever its format, chosen by the file's extension: <c>.parquet</c> is Parquet
/// (<see cref="ParquetTableLoader"/>, <see cref="ParquetTableWriter"/>), anything else CSV (<see cref="CsvTableLoader"/>,
/// <see cref="CsvTableWriter"/>). Both load to the same column types, so the code after a load does not care which
/// it was.
/// </summary>
public static class TableFile
{
    public const string CsvExtension = ".csv";
    public const string ParquetExtension = ".parquet";

    /// <summary>True when <paramref name="path"/> names a Parquet file (ends with .parquet, any case).</summary>
    public static bool IsParquet(string path) => path.EndsWith(ParquetExtension, StringComparison.OrdinalIgnoreCase);

    public static TableFormat FormatOf(string path) => IsParquet(path) ? TableFormat.Parquet : TableFormat.Csv;

    /// <summary>The extension (with its dot) of a format.</summary>
    public static string ExtensionOf(TableFormat format) => format == TableFormat.Parquet ? ParquetExtension : CsvExtension;

    /// <summary>Parses <c>csv</c> or <c>parquet</c> (any case).</summary>
    public static TableFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "csv" => TableFormat.Csv,
        "parquet" => TableFormat.Parquet,
        _ => throw new UserFacingException($"the format must be csv or parquet, got '{text}'"),
    };

    /// <summary>Loads a CSV or Parquet file with the schema's types; see <see cref="CsvTableLoader.Load"/> and <see cref="ParquetTableLoader.Load"/>.</summary>
    public static DataFrame Load(string path, TableSchema? schema = null, bool strict = true, bool allowNoRows = false) =>
        IsParquet(path)
            ? ParquetTableLoader.Load(path, schema, strict, allowNoRows)
            : CsvTableLoader.Load(path, schema, strict, allowNoRows);

    /// <summary>Writes <paramref name="data"/> in the format of <paramref name="path"/>'s extension, atomically.</summary>
    public static void Write(DataFrame data, string path, bool overwrite = true) => Write([new TablePart(data)], path, overwrite);

    /// <summary>Writes the parts one after another as one table, in the format of <paramref name="path"/>'s extension, atomically.</summary>
    public static void Write(IReadOnlyList<TablePart> parts, string path, bool overwrite = true)
    {
        if (IsParquet(path)) ParquetTableWriter.Write(parts, path, overwrite);
        else CsvTableWriter.Write(parts, path, overwrite);
    }

    /// <summary>The column names of a CSV header or a Parquet schema.</summary>
    public static IReadOnlyList<string> ColumnNames(string path)
    {
        if (IsParquet(path)) return ParquetTableLoader.ColumnNames(path);
        using var reader = CsvRecordReader.Open(path);
        return reader.Header;
    }

    /// <summary>
    /// For each row of <paramref name="path"/>: the values of <paramref name="columns"/> as text (missing = empty), in
    /// that order, and where the row is for an error message ("line 12" in a CSV, "row 11" in a Parquet file). For
    /// small files read by column name (outcomes, predictions); a Parquet file reads only those columns.
    /// </summary>
    /// <exception cref="UserFacingException">A column is missing (the message names the file and every missing column).</exception>
    public static IEnumerable<(string[] Fields, string Where)> ReadColumns(string path, params string[] columns)
    {
        if (!IsParquet(path))
        {
            foreach (var (fields, line) in CsvRecordReader.ReadColumns(path, columns))
                yield return (fields, $"line {line}");
            yield break;
        }
        var data = ParquetTableLoader.LoadColumns(path, columns);
        var texts = data.Columns.Select(ColumnValues.Texts).ToArray();
        for (var row = 0; row < data.Rows.Count; row++)
            yield return (texts.Select(t => t[row] ?? "").ToArray(), $"row {row + 1}");
    }
}
