using System.Globalization;
using CreditPoC.Loading;
using CreditPoC.Monitoring;

namespace CreditPoC.Trial;

/// <summary>One served prediction, with its outcome once it has arrived and the applicant's group attributes.</summary>
public sealed record ServedPrediction(DateOnly Date, string Id, double Score, string Decision)
{
    public bool? Defaulted { get; init; }
    public string? Gender { get; init; }
    public double? DaysBirth { get; init; }
}

/// <summary>
/// Where monitoring finds what earlier days did. Predictions: each pipeline run writes
/// <c>&lt;runs&gt;/&lt;yyyy-MM-dd&gt;/&lt;run-id&gt;/predictions.csv</c> (<c>predictions.N.csv</c> when inference was rerun
/// there: the newest attempt counts); the newest run folder of a date that holds one is that day's (run ids sort by
/// start time). Outcomes: <c>&lt;raw&gt;/outcomes/&lt;date&gt;.csv</c> (or .parquet) up to the date.
/// Group attributes (CODE_GENDER, DAYS_BIRTH): the day's raw applications file, which exists for every day whether
/// or not a run succeeded.
/// </summary>
public static class MonitoringSources
{
    /// <summary>The predictions file of every date up to <paramref name="last"/>, from the newest run folder that has one.</summary>
    public static SortedDictionary<DateOnly, string> PredictionFiles(string runsDirectory, DateOnly last)
    {
        var files = new SortedDictionary<DateOnly, string>();
        if (!Directory.Exists(runsDirectory)) return files;
        foreach (var dayFolder in Directory.EnumerateDirectories(runsDirectory))
        {
            if (!DateOnly.TryParseExact(Path.GetFileName(dayFolder), DailyFiles.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day > last)
                continue;
            var newest = Directory.EnumerateDirectories(dayFolder)
                .Select(run => TrialPaths.Latest(Path.Combine(run, TrialPaths.PredictionsFile)))
                .Where(File.Exists)
                .OrderByDescending(file => Path.GetFileName(Path.GetDirectoryName(file)), StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is not null) files[day] = newest;
        }
        return files;
    }

    /// <summary>Reads a predictions.csv (id, score, decision, ...).</summary>
    public static List<ServedPrediction> ReadPredictions(string path, DateOnly date, string idColumn = "SK_ID_CURR")
    {
        var result = new List<ServedPrediction>();
        foreach (var (fields, line) in CsvRecordReader.ReadColumns(path, idColumn, "score", "decision"))
        {
            if (!double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new UserFacingException($"{path} line {line}: score '{fields[1]}' is not a number");
            result.Add(new ServedPrediction(date, fields[0], value, fields[2]));
        }
        return result;
    }

    /// <summary>Outcomes (id → defaulted) that arrived up to <paramref name="last"/>.</summary>
    public static Dictionary<string, bool> Outcomes(DailyFiles files, DateOnly last, string idColumn = "SK_ID_CURR", string targetColumn = "TARGET") =>
        files.OutcomesKnownBy(last, idColumn, targetColumn);

    /// <summary>
    /// Every served prediction up to <paramref name="last"/> with its outcome (where it has arrived) and the applicant's
    /// CODE_GENDER and DAYS_BIRTH. <paramref name="overrides"/> names predictions files that win over the run folders
    /// (the current run's, which may live outside the runs folder).
    /// </summary>
    public static List<ServedPrediction> Served(string runsDirectory, DailyFiles files, DateOnly last,
        IReadOnlyDictionary<DateOnly, string>? overrides = null, string idColumn = "SK_ID_CURR")
    {
        var predictionFiles = PredictionFiles(runsDirectory, last);
        foreach (var (day, path) in overrides ?? new Dictionary<DateOnly, string>())
            if (day <= last && File.Exists(path)) predictionFiles[day] = path;
        var outcomes = Outcomes(files, last, idColumn);
        var served = new List<ServedPrediction>();
        foreach (var (day, path) in predictionFiles)
        {
            var attributes = new Dictionary<string, (string? Gender, double? DaysBirth)>(StringComparer.Ordinal);
            var applications = files.ApplicationsOf(day);
            if (File.Exists(applications))
                foreach (var (fields, _) in TableFile.ReadColumns(applications, idColumn, "CODE_GENDER", "DAYS_BIRTH"))
                    attributes[fields[0]] = (fields[1].Length == 0 ? null : fields[1],
                        double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null);
            foreach (var p in ReadPredictions(path, day, idColumn))
            {
                var known = attributes.TryGetValue(p.Id, out var a);
                served.Add(p with
                {
                    Defaulted = outcomes.TryGetValue(p.Id, out var y) ? y : null,
                    Gender = known ? a.Gender : null,
                    DaysBirth = known ? a.DaysBirth : null,
                });
            }
        }
        return served;
    }
}
