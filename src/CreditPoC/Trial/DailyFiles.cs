using System.Globalization;
using CreditPoC.Loading;

namespace CreditPoC.Trial;

/// <summary>
/// The daily batch layout that <c>data split</c> writes and trial operation reads:
/// <c>&lt;raw&gt;/applications/yyyy-MM-dd.csv</c> and <c>&lt;raw&gt;/outcomes/yyyy-MM-dd.csv</c>, or the same names
/// ending in <c>.parquet</c> (<c>data split --format parquet</c>). A day with both a CSV and a Parquet file is an error:
/// which one holds the day is not ours to guess.
/// </summary>
public sealed class DailyFiles(string rawDirectory)
{
    public const string DateFormat = "yyyy-MM-dd";

    public string RawDirectory { get; } = rawDirectory;
    public string ApplicationsDirectory => Path.Combine(RawDirectory, "applications");
    public string OutcomesDirectory => Path.Combine(RawDirectory, "outcomes");

    /// <summary>The day's applications file: the .csv or the .parquet one that exists (the .csv name when neither does).</summary>
    /// <exception cref="UserFacingException">Both exist.</exception>
    public string ApplicationsOf(DateOnly day) => FileOf(ApplicationsDirectory, day);

    /// <summary>The day's outcomes file: the .csv or the .parquet one that exists (the .csv name when neither does).</summary>
    /// <exception cref="UserFacingException">Both exist.</exception>
    public string OutcomesOf(DateOnly day) => FileOf(OutcomesDirectory, day);

    private static string FileOf(string directory, DateOnly day)
    {
        var name = Path.Combine(directory, day.ToString(DateFormat, CultureInfo.InvariantCulture));
        string csv = name + TableFile.CsvExtension, parquet = name + TableFile.ParquetExtension;
        if (!File.Exists(parquet)) return csv;
        if (File.Exists(csv))
            throw new UserFacingException($"both {csv} and {parquet} exist: keep one of them (data split --force replaces the whole folder)");
        return parquet;
    }

    /// <summary>The days that have an applications file, up to and including <paramref name="last"/>, in order.</summary>
    public IReadOnlyList<DateOnly> ApplicationDays(DateOnly last) => Days(ApplicationsDirectory, last);

    /// <summary>The days that have an outcomes file, up to and including <paramref name="last"/>, in order.</summary>
    public IReadOnlyList<DateOnly> OutcomeDays(DateOnly last) => Days(OutcomesDirectory, last);

    /// <summary>The outcomes (id → defaulted) that arrived up to and including <paramref name="last"/>.</summary>
    /// <exception cref="UserFacingException">An outcome file without the columns, or a target other than 0 or 1 (names the file and line).</exception>
    public Dictionary<string, bool> OutcomesKnownBy(DateOnly last, string idColumn = "SK_ID_CURR", string targetColumn = "TARGET")
    {
        var days = OutcomeDays(last);
        // One file a day, read side by side; a later day's outcome of an id overrides an earlier one's, as in a plain loop.
        var perDay = Modeling.OrderedParallel.Run(days.Count, Environment.ProcessorCount, i =>
        {
            var path = OutcomesOf(days[i]);
            var read = new List<(string Id, bool Defaulted)>();
            foreach (var (fields, where) in TableFile.ReadColumns(path, idColumn, targetColumn))
                read.Add((fields[0], fields[1] switch
                {
                    "1" => true,
                    "0" => false,
                    var other => throw new UserFacingException($"{path} {where}: {targetColumn} must be 0 or 1, got '{other}'"),
                }));
            return read;
        });
        var outcomes = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var day in perDay)
            foreach (var (id, defaulted) in day)
                outcomes[id] = defaulted;
        return outcomes;
    }

    private static List<DateOnly> Days(string directory, DateOnly last)
    {
        if (!Directory.Exists(directory)) return [];
        return Directory.EnumerateFiles(directory, "*" + TableFile.CsvExtension)
            .Concat(Directory.EnumerateFiles(directory, "*" + TableFile.ParquetExtension))
            .Select(f => DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(f), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .OfType<DateOnly>()
            .Where(d => d <= last)
            .Distinct()
            .Order()
            .ToList();
    }
}
