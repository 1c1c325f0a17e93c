using System.Globalization;
using CreditPoC.Loading;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Trial;

/// <summary>What an accumulation gathered.</summary>
/// <param name="Pending">Applications whose outcome had not arrived by the date: left out (the label-timing leak).</param>
public sealed record AccumulationSummary(
    DateOnly TargetDate, int ApplicationDays, int Applications, int Rows, int Pending, int Defaults,
    DateOnly? FirstDay, DateOnly? LastDay, string OutputPath)
{
    public double DefaultRate => Rows == 0 ? 0 : Defaults / (double)Rows;
}

/// <summary>
/// The trial's <c>accumulate</c> block: the training set known on a date is every application that arrived up to
/// that date joined with its outcome, if the outcome has arrived by then. The output keeps the application's columns
/// with TARGET after the id and the arrival day appended as APPLICATION_DATE (for out-of-time validation). The daily
/// files may be CSV or Parquet; the output's format follows its extension (the pipeline writes Parquet, so the next
/// block reads typed columns instead of parsing text again). With a schema the columns get its types; without one
/// each day's types are inferred and joined (a column that is text on any day is text).
/// </summary>
public static class Accumulator
{
    public const string ApplicationDateColumn = "APPLICATION_DATE";

    public static AccumulationSummary Accumulate(DailyFiles files, DateOnly targetDate, string outputPath,
        string idColumn = "SK_ID_CURR", string targetColumn = "TARGET", TableSchema? schema = null)
    {
        var days = files.ApplicationDays(targetDate);
        if (days.Count == 0)
            throw new UserFacingException($"no application files up to {targetDate:yyyy-MM-dd} in {files.ApplicationsDirectory}; run 'creditpoc data split' first");
        var outcomes = files.OutcomesKnownBy(targetDate, idColumn, targetColumn);

        // Days are read side by side; each keeps only its rows whose outcome is known.
        var batches = new Batch[days.Count];
        Parallel.For(0, days.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            d => batches[d] = Read(files.ApplicationsOf(days[d]), days[d], outcomes, idColumn, targetColumn, schema, keepShape: d == 0));

        var first = batches[0];
        foreach (var batch in batches.Skip(1))
            if (!batch.Columns.SequenceEqual(first.Columns))
                throw new UserFacingException($"{batch.Path} has different columns from {first.Path}");

        var parts = batches.Where(b => b.Kept.Length > 0).Select(b => new TablePart(b.Data!, b.Kept)).ToList();
        if (parts.Count == 0) parts.Add(new TablePart(first.Data!, [])); // no outcome known yet: the columns, no rows
        TableFile.Write(parts, outputPath);

        var applications = batches.Sum(b => b.Rows);
        var rows = batches.Sum(b => b.Kept.Length);
        return new AccumulationSummary(targetDate, days.Count, applications, rows, applications - rows, batches.Sum(b => b.Defaults),
            days[0], days[^1], Path.GetFullPath(outputPath));
    }

    /// <summary>One day's applications: its columns, and (when any outcome is known) the table with TARGET and APPLICATION_DATE and the rows to keep.</summary>
    private sealed record Batch(string Path, IReadOnlyList<string> Columns, int Rows, DataFrame? Data, int[] Kept, int Defaults);

    private static Batch Read(string path, DateOnly day, Dictionary<string, bool> outcomes, string idColumn, string targetColumn, TableSchema? schema, bool keepShape)
    {
        // Only the rows whose outcome is known are loaded: a CSV day is scanned and those records alone are parsed;
        // a Parquet day is read in full only when its id column has one.
        var (names, rows, data) = TableFile.IsParquet(path)
            ? ReadParquet(path, outcomes, idColumn, targetColumn, schema, keepShape)
            : ReadCsv(path, outcomes, idColumn, targetColumn, schema, keepShape);
        if (data is null) return new Batch(path, names, rows, null, [], 0);
        var ids = ColumnValues.Texts(data.Columns[idColumn]);
        var kept = new List<int>();
        var target = new Int64DataFrameColumn(targetColumn, ids.Length);
        var defaults = 0;
        for (var r = 0; r < ids.Length; r++)
        {
            if (ids[r] is not { } id || !outcomes.TryGetValue(id, out var defaulted)) continue;
            kept.Add(r);
            target[r] = defaulted ? 1 : 0;
            if (defaulted) defaults++;
        }
        var dayText = day.ToString(DailyFiles.DateFormat, CultureInfo.InvariantCulture);
        return new Batch(path, names, rows, WithTargetAndDate(data, idColumn, target, Enumerable.Repeat(dayText, ids.Length)), kept.ToArray(), defaults);
    }

    private static void CheckColumns(string path, IReadOnlyList<string> names, string idColumn, string targetColumn)
    {
        if (names.Contains(targetColumn))
            throw new UserFacingException($"{path} has a {targetColumn} column: daily applications must not carry their outcome");
        if (!names.Contains(idColumn))
            throw new UserFacingException($"{path} has no {idColumn} column in its header");
    }

    /// <summary>
    /// The day's columns and row count, and a table of the records whose outcome is known (null when none is and the
    /// shape is not needed). The other records are only looked at for their id: they are parsed and checked when they
    /// are used (on their day by feature_engineering (test), and here on the day their outcome has arrived).
    /// </summary>
    private static (IReadOnlyList<string> Names, int Rows, DataFrame? Data) ReadCsv(string path, Dictionary<string, bool> outcomes,
        string idColumn, string targetColumn, TableSchema? schema, bool keepShape)
    {
        var filter = new CsvTableLoader.RowFilter(idColumn, outcomes.ContainsKey);
        var data = CsvTableLoader.LoadWhere(path, filter, schema);
        var names = data.Columns.Select(c => c.Name).ToList();
        CheckColumns(path, names, idColumn, targetColumn);
        return (names, filter.Rows, data.Rows.Count == 0 && !keepShape ? null : data);
    }

    private static (IReadOnlyList<string> Names, int Rows, DataFrame? Data) ReadParquet(string path, Dictionary<string, bool> outcomes,
        string idColumn, string targetColumn, TableSchema? schema, bool keepShape)
    {
        var names = ParquetTableLoader.ColumnNames(path);
        CheckColumns(path, names, idColumn, targetColumn);
        var ids = ColumnValues.Texts(ParquetTableLoader.LoadColumns(path, idColumn).Columns[0]);
        var any = ids.Any(id => id is not null && outcomes.ContainsKey(id));
        return (names, ids.Length, any || keepShape ? ParquetTableLoader.Load(path, schema, strict: false, allowNoRows: true) : null);
    }

    /// <summary>The columns in output order: the id, TARGET, the others, APPLICATION_DATE.</summary>
    private static DataFrame WithTargetAndDate(DataFrame data, string idColumn, DataFrameColumn target, IEnumerable<string> dates)
    {
        var columns = new List<DataFrameColumn>();
        foreach (var column in data.Columns)
        {
            columns.Add(column);
            if (column.Name == idColumn) columns.Add(target);
        }
        columns.Add(new StringDataFrameColumn(ApplicationDateColumn, dates));
        return new DataFrame(columns);
    }
}
