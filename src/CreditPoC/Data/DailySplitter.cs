using System.Globalization;
using System.Text;
using CreditPoC.Loading;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Data;

/// <summary>What <see cref="DailySplitter.Split"/> is asked to do.</summary>
/// <param name="InputPath">An application_train.csv (generated or the real Kaggle file).</param>
/// <param name="OutputFolder">Gets <c>applications/</c> and <c>outcomes/</c> subfolders.</param>
/// <param name="Start">The first day.</param>
/// <param name="Days">How many days the applications are spread over (positive).</param>
/// <param name="OutcomeDelayDays">Days from an application to its outcome (zero or more).</param>
/// <param name="Overwrite">Replace existing daily files (<c>--force</c>).</param>
public sealed record SplitOptions(
    string InputPath, string OutputFolder, DateOnly Start, int Days, int OutcomeDelayDays, bool Overwrite)
{
    /// <summary>The format of the daily files (<c>--format</c>): CSV, or Parquet.</summary>
    public TableFormat Format { get; init; } = TableFormat.Csv;

    /// <summary>
    /// The column types when Parquet is read or written (<c>--schema</c>): a Parquet input must agree with it, and a
    /// CSV input is loaded with its types (strictly: every schema column, every value parsed). Inferred from the data when null.
    /// </summary>
    public TableSchema? Schema { get; init; }
}

/// <summary>What a split wrote.</summary>
/// <param name="Applications">Rows read, each written to exactly one day.</param>
/// <param name="Days">Daily application files written (one per day, header only when the day got none).</param>
/// <param name="OutcomesWritten">Outcomes that fall within the horizon and were written.</param>
/// <param name="OutcomesBeyondHorizon">Outcomes dated after the last day, not written.</param>
/// <param name="FirstDay">The first day.</param>
/// <param name="LastDay">The last day of the horizon.</param>
public sealed record SplitSummary(
    int Applications, int Days, int OutcomesWritten, int OutcomesBeyondHorizon, DateOnly FirstDay, DateOnly LastDay);

/// <summary>
/// Splits an application file into daily batches for trial operation: <c>applications/yyyy-MM-dd.csv</c> holds
/// the applications that arrived that day (every column but TARGET) and <c>outcomes/yyyy-MM-dd.csv</c> holds
/// <c>SK_ID_CURR,TARGET</c> for the applications whose outcome became known that day, OutcomeDelayDays after
/// arrival. Arrival is decided by SK_ID_CURR rank: day = floor(rank * days / n), so a later id never arrives
/// earlier, a repeat applicant's second application comes after the first, and the real Kaggle file splits the
/// same way. Every day of the horizon gets both files (header only when empty); outcomes dated after the last
/// day are counted, not written. CSV to CSV, the input is streamed twice with <see cref="CsvRecordReader"/> (RFC 4180,
/// as the loader reads it: a quoted field may hold a line break; every row must have the header's field count); only
/// ids and targets are kept in memory, and rows are copied byte for byte less their TARGET field. When the input is
/// Parquet or the output is (<see cref="SplitOptions.Format"/>), the input is loaded as one typed table
/// (<see cref="TableFile"/>, with the schema's types when given) and each day's rows are written from it; the days
/// are the same either way. All files are written into a temporary folder first and moved into place at the end.
/// </summary>
public static class DailySplitter
{
    /// <summary>The subfolder for daily applications.</summary>
    public const string ApplicationsFolder = "applications";

    /// <summary>The subfolder for daily outcomes.</summary>
    public const string OutcomesFolder = "outcomes";

    /// <summary>The file name of a day's batch.</summary>
    public static string FileNameFor(DateOnly day, TableFormat format = TableFormat.Csv) =>
        day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + TableFile.ExtensionOf(format);

    // Open at most this many day files at once; more days take more passes over the input.
    private const int DaysPerPass = 200;

    /// <summary>Writes the daily files; throws <see cref="UserFacingException"/> on bad input.</summary>
    public static SplitSummary Split(SplitOptions options)
    {
        Validate(options);
        var applicationsTarget = Path.Combine(options.OutputFolder, ApplicationsFolder);
        var outcomesTarget = Path.Combine(options.OutputFolder, OutcomesFolder);
        if (!options.Overwrite)
        {
            foreach (var folder in new[] { applicationsTarget, outcomesTarget })
                if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                    throw new UserFacingException($"{folder} already exists and is not empty; pass --force to replace it");
        }

        var table = options.Format == TableFormat.Parquet || TableFile.IsParquet(options.InputPath);
        var input = table ? LoadTable(options) : ReadIdsAndTargets(options.InputPath);
        var n = input.Ids.Count;
        var dayOfLine = AssignDays(input, options);

        var temp = Path.Combine(options.OutputFolder, $".split-{Guid.NewGuid():N}.tmp");
        try
        {
            CreateFolder(Path.Combine(temp, ApplicationsFolder));
            CreateFolder(Path.Combine(temp, OutcomesFolder));
            if (input.Table is { } data) WriteApplications(options, data, dayOfLine, Path.Combine(temp, ApplicationsFolder));
            else WriteApplications(options, input, dayOfLine, Path.Combine(temp, ApplicationsFolder));
            var (written, beyond) = WriteOutcomes(options, input, dayOfLine, Path.Combine(temp, OutcomesFolder));
            MoveIntoPlace(Path.Combine(temp, ApplicationsFolder), applicationsTarget);
            MoveIntoPlace(Path.Combine(temp, OutcomesFolder), outcomesTarget);
            return new SplitSummary(n, options.Days, written, beyond, options.Start, options.Start.AddDays(options.Days - 1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot write the daily files under {options.OutputFolder}: {e.Message}", e);
        }
        finally
        {
            TryDeleteFolder(temp);
        }
    }

    private static void Validate(SplitOptions options)
    {
        if (options.Days <= 0)
            throw new UserFacingException($"--days must be a positive number of days, got {options.Days}");
        if (options.OutcomeDelayDays < 0)
            throw new UserFacingException($"--outcome-delay-days must be zero or more, got {options.OutcomeDelayDays}");
        var horizon = options.Days - 1L + options.OutcomeDelayDays;
        if (DateOnly.MaxValue.DayNumber - options.Start.DayNumber < horizon)
            throw new UserFacingException(
                $"--start {options.Start:yyyy-MM-dd} with --days {options.Days} and --outcome-delay-days {options.OutcomeDelayDays} runs past the last date there is (9999-12-31)");
        if (Directory.Exists(options.InputPath))
            throw new UserFacingException($"input file {options.InputPath} is a folder, not a CSV or Parquet file");
        if (!File.Exists(options.InputPath))
            throw new UserFacingException($"input file {options.InputPath} does not exist");
        try
        {
            Directory.CreateDirectory(options.OutputFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot create the output folder {options.OutputFolder}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The input's header less TARGET (as bytes to copy), where TARGET is, and every row's id and target; for a
    /// table input, the table less TARGET instead of the header.
    /// </summary>
    private sealed record InputColumns(byte[] Header, int TargetColumn, List<long> Ids, List<byte> Targets)
    {
        public DataFrame? Table { get; init; }
    }

    /// <summary>Loads the whole input as a typed table (CSV or Parquet) and reads its ids and targets.</summary>
    private static InputColumns LoadTable(SplitOptions options)
    {
        var path = options.InputPath;
        var data = TableFile.Load(path, options.Schema, strict: options.Schema is not null);
        var names = data.Columns.Select(c => c.Name).ToList();
        var missing = new[] { HomeCreditColumns.Id, HomeCreditColumns.Target }.Where(c => !names.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"{path} has no {string.Join(" and no ", missing)} column");
        var where = TableFile.IsParquet(path) ? (Func<int, string>)(row => $"row {row + 1}") : row => $"data row {row + 1}";
        var idValues = ColumnValues.Numbers(data.Columns[HomeCreditColumns.Id]);
        var idTexts = ColumnValues.IsNumeric(data.Columns[HomeCreditColumns.Id]) ? null : ColumnValues.Texts(data.Columns[HomeCreditColumns.Id]);
        var targetValues = ColumnValues.Numbers(data.Columns[HomeCreditColumns.Target]);
        var targetTexts = ColumnValues.IsNumeric(data.Columns[HomeCreditColumns.Target]) ? null : ColumnValues.Texts(data.Columns[HomeCreditColumns.Target]);
        var ids = new List<long>(idValues.Length);
        var targets = new List<byte>(idValues.Length);
        for (var row = 0; row < idValues.Length; row++)
        {
            var id = idValues[row];
            if (double.IsNaN(id) || id != Math.Floor(id))
                throw new UserFacingException($"{path} {where(row)}: SK_ID_CURR '{idTexts?[row] ?? (double.IsNaN(id) ? "" : ColumnValues.Format(id))}' is not a whole number");
            var target = targetValues[row];
            if (target is not (0 or 1))
                throw new UserFacingException($"{path} {where(row)}: TARGET is '{targetTexts?[row] ?? (double.IsNaN(target) ? "" : ColumnValues.Format(target))}'; expected 0 or 1");
            ids.Add((long)id);
            targets.Add((byte)target);
        }
        if (ids.Count == 0) throw new UserFacingException($"{path} has a header but no rows");
        return new InputColumns([], -1, ids, targets)
        {
            Table = new DataFrame(data.Columns.Where(c => c.Name != HomeCreditColumns.Target)),
        };
    }

    /// <summary>Each day's rows of the table, in the input's order, in the chosen format (a day with none gets its columns only).</summary>
    private static void WriteApplications(SplitOptions options, DataFrame table, int[] dayOfLine, string folder)
    {
        var rows = new List<int>[options.Days];
        for (var d = 0; d < rows.Length; d++) rows[d] = [];
        for (var row = 0; row < dayOfLine.Length; row++) rows[dayOfLine[row]].Add(row);
        Parallel.For(0, options.Days, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, d =>
            TableFile.Write([new TablePart(table, rows[d])], Path.Combine(folder, FileNameFor(options.Start.AddDays(d), options.Format))));
    }

    private static InputColumns ReadIdsAndTargets(string path)
    {
        using var reader = CsvRecordReader.Open(path);
        var columns = reader.Require(HomeCreditColumns.Id, HomeCreditColumns.Target);
        var (idColumn, targetColumn) = (columns[0], columns[1]);
        var header = WithoutField(reader, targetColumn);
        var ids = new List<long>();
        var targets = new List<byte>();
        while (reader.Read())
        {
            var idText = reader.Value(idColumn).Trim();
            if (!long.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                throw new UserFacingException($"{path} line {reader.Line}: SK_ID_CURR '{idText}' is not a whole number");
            var targetText = reader.Value(targetColumn).Trim();
            if (!double.TryParse(targetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var target))
                throw new UserFacingException($"{path} line {reader.Line}: TARGET '{targetText}' is not numeric; expected 0 or 1");
            if (target is not (0 or 1))
                throw new UserFacingException($"{path} line {reader.Line}: TARGET is {targetText}; expected 0 or 1");
            ids.Add(id);
            targets.Add((byte)target);
        }
        if (ids.Count == 0) throw new UserFacingException($"{path} has a header but no rows");
        return new InputColumns(header, targetColumn, ids, targets);
    }

    /// <summary>The day (0-based) of each data row, by SK_ID_CURR rank.</summary>
    private static int[] AssignDays(InputColumns input, SplitOptions options)
    {
        var n = input.Ids.Count;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = input.Ids.ToArray();
        Array.Sort(keys, order);
        var days = new int[n];
        for (var rank = 0; rank < n; rank++)
        {
            if (rank > 0 && keys[rank] == keys[rank - 1])
                throw new UserFacingException($"{options.InputPath}: SK_ID_CURR {keys[rank]} appears more than once; ids must be unique");
            days[order[rank]] = (int)((long)rank * options.Days / n);
        }
        return days;
    }

    private static void WriteApplications(SplitOptions options, InputColumns input, int[] dayOfLine, string folder)
    {
        for (var first = 0; first < options.Days; first += DaysPerPass)
        {
            var last = Math.Min(options.Days, first + DaysPerPass) - 1;
            var writers = new FileStream[last - first + 1];
            try
            {
                for (var d = first; d <= last; d++)
                {
                    var writer = new FileStream(Path.Combine(folder, FileNameFor(options.Start.AddDays(d))), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    writers[d - first] = writer;
                    writer.Write(input.Header);
                    writer.WriteByte((byte)'\n');
                }
                using var reader = CsvRecordReader.Open(options.InputPath);
                var row = 0;
                while (reader.Read())
                {
                    var day = dayOfLine[row++];
                    if (day < first || day > last) continue;
                    var writer = writers[day - first];
                    WriteWithoutField(writer, reader, input.TargetColumn);
                    writer.WriteByte((byte)'\n');
                }
            }
            finally
            {
                foreach (var writer in writers) writer?.Dispose();
            }
        }
    }

    private static (int Written, int Beyond) WriteOutcomes(SplitOptions options, InputColumns input, int[] dayOfLine, string folder)
    {
        var n = input.Ids.Count;
        var byOutcomeDay = new List<int>[options.Days];
        var beyond = 0;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(input.Ids.ToArray(), order);
        foreach (var line in order)
        {
            var outcomeDay = (long)dayOfLine[line] + options.OutcomeDelayDays;
            if (outcomeDay >= options.Days)
            {
                beyond++;
                continue;
            }
            (byOutcomeDay[outcomeDay] ??= []).Add(line);
        }
        var written = 0;
        if (options.Format == TableFormat.Parquet)
        {
            for (var d = 0; d < options.Days; d++)
            {
                var lines = byOutcomeDay[d] ?? [];
                var outcomes = new DataFrame(
                    new Int64DataFrameColumn(HomeCreditColumns.Id, lines.Select(line => input.Ids[line])),
                    new Int64DataFrameColumn(HomeCreditColumns.Target, lines.Select(line => (long)input.Targets[line])));
                TableFile.Write(outcomes, Path.Combine(folder, FileNameFor(options.Start.AddDays(d), TableFormat.Parquet)));
                written += lines.Count;
            }
            return (written, beyond);
        }
        for (var d = 0; d < options.Days; d++)
        {
            using var writer = new StreamWriter(Path.Combine(folder, FileNameFor(options.Start.AddDays(d))), false, new UTF8Encoding(false), 1 << 14);
            writer.Write("SK_ID_CURR,TARGET\n");
            foreach (var line in byOutcomeDay[d] ?? [])
            {
                writer.Write(input.Ids[line].ToString(CultureInfo.InvariantCulture));
                writer.Write(input.Targets[line] == 1 ? ",1\n" : ",0\n");
                written++;
            }
        }
        return (written, beyond);
    }

    /// <summary>The current record less field <paramref name="column"/> and its separating comma, as in the file.</summary>
    private static byte[] WithoutField(CsvRecordReader reader, int column)
    {
        using var buffer = new MemoryStream();
        WriteWithoutField(buffer, reader, column);
        return buffer.ToArray();
    }

    private static void WriteWithoutField(Stream writer, CsvRecordReader reader, int column)
    {
        var record = reader.Record;
        var (start, length) = reader.RawField(column);
        if (column == 0)
        {
            writer.Write(record[Math.Min(record.Length, start + length + 1)..]);
            return;
        }
        writer.Write(record[..(start - 1)]);
        writer.Write(record[(start + length)..]);
    }

    private static void MoveIntoPlace(string source, string target)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(target))!, $".{Path.GetFileName(target)}-old-{Guid.NewGuid():N}.tmp");
            Directory.Move(target, old);
        }
        Directory.Move(source, target);
        if (old is not null) TryDeleteFolder(old);
    }

    private static void CreateFolder(string folder) => Directory.CreateDirectory(folder);

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
