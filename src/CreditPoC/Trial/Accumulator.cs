using System.Globalization;
using CreditPoC.Data;
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
        var outcomes = files.OutcomesKnownBy(targetDate, idColumn, targetColumn);

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
                    var names = CsvFields.Split(header);
                    idIndex = Array.IndexOf(names, idColumn);
                    if (idIndex < 0) throw new UserFacingException($"{path} has no {idColumn} column");
                    if (names.Contains(targetColumn))
                        throw new UserFacingException($"{path} has a {targetColumn} column: daily applications must not carry their outcome");
                    var idEnd = FieldEnd(header, idIndex);
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
                    var bounds = CsvFields.Bounds(line);
                    if (bounds.Count <= idIndex)
                        throw new UserFacingException($"{path} line {lineNumber}: the line has {bounds.Count} fields, {idColumn} is field {idIndex + 1}");
                    var id = CsvFields.Unquote(line.AsSpan(bounds[idIndex].Start, bounds[idIndex].Length));
                    var idEnd = bounds[idIndex].Start + bounds[idIndex].Length;
                    if (!outcomes.TryGetValue(id, out var defaulted)) continue;
                    rows++;
                    if (defaulted) defaults++;
                    writer.Write(line.AsSpan(0, idEnd));
                    writer.Write(defaulted ? ",1" : ",0");
                    writer.Write(line.AsSpan(idEnd));
                    writer.Write(',');
                    writer.WriteLine(dayText);
                }
            }
        });
        return new AccumulationSummary(targetDate, days.Count, applications, rows, applications - rows, defaults,
            days[0], days[^1], Path.GetFullPath(outputPath));
    }

    private static int FieldEnd(string line, int index)
    {
        var bounds = CsvFields.Bounds(line)[index];
        return bounds.Start + bounds.Length;
    }
}
