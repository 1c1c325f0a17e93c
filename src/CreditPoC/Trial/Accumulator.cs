using System.Globalization;
using CreditPoC.IO;

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
/// with TARGET after the id and the arrival day appended as APPLICATION_DATE (for out-of-time validation).
/// </summary>
public static class Accumulator
{
    public const string ApplicationDateColumn = "APPLICATION_DATE";

    public static AccumulationSummary Accumulate(DailyFiles files, DateOnly targetDate, string outputPath,
        string idColumn = "SK_ID_CURR", string targetColumn = "TARGET")
    {
        var days = files.ApplicationDays(targetDate);
        if (days.Count == 0)
            throw new UserFacingException($"no application files up to {targetDate:yyyy-MM-dd} in {files.ApplicationsDirectory}; run 'creditpoc data split' first");
        var outcomes = ReadOutcomes(files, targetDate, idColumn, targetColumn);

        int applications = 0, rows = 0, defaults = 0;
        string? header = null;
        var idIndex = -1;
        AtomicFile.WriteText(outputPath, writer =>
        {
            foreach (var day in days)
            {
                var path = files.ApplicationsOf(day);
                using var reader = new StreamReader(path);
                var dayHeader = reader.ReadLine() ?? throw new UserFacingException($"{path} is empty: expected a header line");
                if (header is null)
                {
                    header = dayHeader;
                    idIndex = Array.IndexOf(CsvLine.Split(header), idColumn);
                    if (idIndex < 0) throw new UserFacingException($"{path} has no {idColumn} column");
                    if (CsvLine.Split(header).Contains(targetColumn))
                        throw new UserFacingException($"{path} has a {targetColumn} column: daily applications must not carry their outcome");
                    var (_, idEnd) = CsvLine.Field(header, idIndex);
                    writer.WriteLine($"{header[..idEnd]},{targetColumn}{header[idEnd..]},{ApplicationDateColumn}");
                }
                else if (dayHeader != header)
                {
                    throw new UserFacingException($"{path} has different columns from {files.ApplicationsOf(days[0])}");
                }

                var dayText = day.ToString(DailyFiles.DateFormat, CultureInfo.InvariantCulture);
                var lineNumber = 1;
                for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                {
                    lineNumber++;
                    if (line.Length == 0) continue;
                    applications++;
                    string id;
                    int idEnd;
                    try { (id, idEnd) = CsvLine.Field(line, idIndex); }
                    catch (FormatException e) { throw new UserFacingException($"{path} line {lineNumber}: {e.Message}"); }
                    if (!outcomes.TryGetValue(id, out var target)) continue;
                    rows++;
                    if (target == 1) defaults++;
                    writer.Write(line.AsSpan(0, idEnd));
                    writer.Write(target == 1 ? ",1" : ",0");
                    writer.Write(line.AsSpan(idEnd));
                    writer.Write(',');
                    writer.WriteLine(dayText);
                }
            }
        });
        return new AccumulationSummary(targetDate, days.Count, applications, rows, applications - rows, defaults,
            days[0], days[^1], Path.GetFullPath(outputPath));
    }

    private static Dictionary<string, int> ReadOutcomes(DailyFiles files, DateOnly targetDate, string idColumn, string targetColumn)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var day in files.OutcomeDays(targetDate))
        {
            var path = files.OutcomesOf(day);
            using var reader = new StreamReader(path);
            var header = CsvLine.Split(reader.ReadLine() ?? "");
            var idIndex = Array.IndexOf(header, idColumn);
            var targetIndex = Array.IndexOf(header, targetColumn);
            if (idIndex < 0 || targetIndex < 0)
                throw new UserFacingException($"{path} must have the columns {idColumn} and {targetColumn}");
            var lineNumber = 1;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                lineNumber++;
                if (line.Length == 0) continue;
                var fields = CsvLine.Split(line);
                if (fields.Length != header.Length)
                    throw new UserFacingException($"{path} line {lineNumber}: expected {header.Length} fields, found {fields.Length}");
                outcomes[fields[idIndex]] = fields[targetIndex] switch
                {
                    "0" => 0,
                    "1" => 1,
                    var other => throw new UserFacingException($"{path} line {lineNumber}: {targetColumn} must be 0 or 1, got '{other}'"),
                };
            }
        }
        return outcomes;
    }
}
