using System.Globalization;
using System.Text;
using CreditPoC.IO;
using CreditPoC.Loading;

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
        var newLine = Encoding.UTF8.GetBytes(Environment.NewLine);
        AtomicFile.Write(outputPath, output =>
        {
            using var writer = new BufferedStream(output, 1 << 16);
            foreach (var day in days)
            {
                var path = files.ApplicationsOf(day);
                using var reader = CsvRecordReader.Open(path);
                if (reader.Header.Contains(targetColumn))
                    throw new UserFacingException($"{path} has a {targetColumn} column: daily applications must not carry their outcome");
                var idIndex = reader.Require(idColumn)[0];
                if (header is null)
                {
                    header = reader.HeaderText;
                    WriteWithTarget(writer, reader, idIndex, Encoding.UTF8.GetBytes("," + targetColumn), Encoding.UTF8.GetBytes("," + ApplicationDateColumn), newLine);
                }
                else if (reader.HeaderText != header)
                {
                    throw new UserFacingException($"{path} has different columns from {files.ApplicationsOf(days[0])}");
                }

                var dayText = Encoding.UTF8.GetBytes("," + day.ToString(DailyFiles.DateFormat, CultureInfo.InvariantCulture));
                while (reader.Read())
                {
                    applications++;
                    if (!outcomes.TryGetValue(reader.Value(idIndex), out var defaulted)) continue;
                    rows++;
                    if (defaulted) defaults++;
                    WriteWithTarget(writer, reader, idIndex, defaulted ? ",1"u8 : ",0"u8, dayText, newLine);
                }
            }
        });
        return new AccumulationSummary(targetDate, days.Count, applications, rows, applications - rows, defaults,
            days[0], days[^1], Path.GetFullPath(outputPath));
    }

    /// <summary>The current record as in the file with <paramref name="target"/> after the id field and <paramref name="date"/> at the end.</summary>
    private static void WriteWithTarget(Stream writer, CsvRecordReader reader, int idIndex, ReadOnlySpan<byte> target,
        ReadOnlySpan<byte> date, ReadOnlySpan<byte> newLine)
    {
        var record = reader.Record;
        var (start, length) = reader.RawField(idIndex);
        writer.Write(record[..(start + length)]);
        writer.Write(target);
        writer.Write(record[(start + length)..]);
        writer.Write(date);
        writer.Write(newLine);
    }
}
