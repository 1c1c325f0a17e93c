using System.Globalization;
using System.Text;

namespace CreditPoC.Data;

/// <summary>What <see cref="DailySplitter.Split"/> is asked to do.</summary>
/// <param name="InputPath">An application_train.csv (generated or the real Kaggle file).</param>
/// <param name="OutputFolder">Gets <c>applications/</c> and <c>outcomes/</c> subfolders.</param>
/// <param name="Start">The first day.</param>
/// <param name="Days">How many days the applications are spread over (positive).</param>
/// <param name="OutcomeDelayDays">Days from an application to its outcome (zero or more).</param>
/// <param name="Overwrite">Replace existing daily files (<c>--force</c>).</param>
public sealed record SplitOptions(
    string InputPath, string OutputFolder, DateOnly Start, int Days, int OutcomeDelayDays, bool Overwrite);

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
/// day are counted, not written. The input is read twice, line by line; only ids and targets are kept in
/// memory. All files are written into a temporary folder first and moved into place at the end.
/// </summary>
public static class DailySplitter
{
    /// <summary>The subfolder for daily applications.</summary>
    public const string ApplicationsFolder = "applications";

    /// <summary>The subfolder for daily outcomes.</summary>
    public const string OutcomesFolder = "outcomes";

    /// <summary>The file name of a day's batch.</summary>
    public static string FileNameFor(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".csv";

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

        var input = ReadIdsAndTargets(options.InputPath);
        var n = input.Ids.Count;
        var dayOfLine = AssignDays(input, options);

        var temp = Path.Combine(options.OutputFolder, $".split-{Guid.NewGuid():N}.tmp");
        try
        {
            CreateFolder(Path.Combine(temp, ApplicationsFolder));
            CreateFolder(Path.Combine(temp, OutcomesFolder));
            WriteApplications(options, input, dayOfLine, Path.Combine(temp, ApplicationsFolder));
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

    private sealed record InputColumns(string Header, int IdColumn, int TargetColumn, List<long> Ids, List<byte> Targets);

    private static InputColumns ReadIdsAndTargets(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, true, 1 << 16);
        var header = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(header))
            throw new UserFacingException($"{path} is empty; expected a header line with SK_ID_CURR and TARGET");
        var names = CsvFields.Split(header.TrimStart('\uFEFF')).Select(f => f.Trim()).ToList();
        var idColumn = names.IndexOf(HomeCreditColumns.Id);
        var targetColumn = names.IndexOf(HomeCreditColumns.Target);
        var missing = new[] { (HomeCreditColumns.Id, idColumn), (HomeCreditColumns.Target, targetColumn) }
            .Where(p => p.Item2 < 0).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"{path} has no {string.Join(" and no ", missing)} column in its header");

        var ids = new List<long>();
        var targets = new List<byte>();
        var lineNumber = 1;
        var needed = Math.Max(idColumn, targetColumn) + 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var bounds = CsvFields.Bounds(line);
            if (bounds.Count < needed)
                throw new UserFacingException($"{path} line {lineNumber}: has {bounds.Count} fields, expected {names.Count}");
            var idText = Field(line, bounds[idColumn]);
            if (!long.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                throw new UserFacingException($"{path} line {lineNumber}: SK_ID_CURR '{idText}' is not a whole number");
            var targetText = Field(line, bounds[targetColumn]);
            if (!double.TryParse(targetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var target))
                throw new UserFacingException($"{path} line {lineNumber}: TARGET '{targetText}' is not numeric; expected 0 or 1");
            if (target is not (0 or 1))
                throw new UserFacingException($"{path} line {lineNumber}: TARGET is {targetText}; expected 0 or 1");
            ids.Add(id);
            targets.Add((byte)target);
        }
        if (ids.Count == 0) throw new UserFacingException($"{path} has a header but no rows");
        return new InputColumns(header, idColumn, targetColumn, ids, targets);
    }

    private static string Field(string line, (int Start, int Length) bounds) =>
        CsvFields.Unquote(line.AsSpan(bounds.Start, bounds.Length)).Trim();

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
        var header = WithoutField(input.Header, input.TargetColumn);
        for (var first = 0; first < options.Days; first += DaysPerPass)
        {
            var last = Math.Min(options.Days, first + DaysPerPass) - 1;
            var writers = new StreamWriter[last - first + 1];
            try
            {
                for (var d = first; d <= last; d++)
                {
                    var writer = new StreamWriter(Path.Combine(folder, FileNameFor(options.Start.AddDays(d))), false, new UTF8Encoding(false), 1 << 14);
                    writers[d - first] = writer;
                    writer.Write(header);
                    writer.Write('\n');
                }
                using var reader = new StreamReader(options.InputPath, Encoding.UTF8, true, 1 << 16);
                reader.ReadLine();
                var row = 0;
                while (reader.ReadLine() is { } line)
                {
                    if (line.Length == 0) continue;
                    var day = dayOfLine[row++];
                    if (day < first || day > last) continue;
                    var writer = writers[day - first];
                    writer.Write(WithoutField(line, input.TargetColumn));
                    writer.Write('\n');
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

    private static string WithoutField(string line, int column)
    {
        var bounds = CsvFields.Bounds(line);
        if (column >= bounds.Count) return line;
        var (start, length) = bounds[column];
        return column == 0
            ? line[Math.Min(line.Length, start + length + 1)..]
            : string.Concat(line.AsSpan(0, start - 1), line.AsSpan(start + length));
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
