using System.Globalization;
using System.Text.Json;
using CreditPoC.Loading;
using CreditPoC.Tracking;
using CreditPoC.Trial;

namespace CreditPoC.Web.Services;

public sealed record DayStatus(DateOnly Date, bool HasApplications, bool HasOutcomes, PipelineRunRecord? LatestRun, JobRecord? LatestJob);

/// <summary>One row of a day's <c>predictions.csv</c>, with the officer's review when there is one.</summary>
public sealed record PredictionRow(string Id, double Score, string Decision, string Rules, string Reasons, string Flags)
{
    public ReviewRecord? Review { get; init; }
    public string FinalDecision => Review?.Decision ?? Decision;
}

public sealed record DayDecisions(DateOnly Date, PipelineRunRecord Run, string PredictionsPath, IReadOnlyList<PredictionRow> Rows);

/// <summary>What the pages show of the days: files, runs, jobs, predictions, monitoring, from the run store and the run folders.</summary>
public sealed class DayViews(WebSettings settings, WebRecords records)
{
    public IReadOnlyList<DayStatus> Days()
    {
        var runs = records.PipelineRuns();
        var jobs = records.ListJobs(500);
        var dates = new SortedSet<DateOnly>(runs.Select(r => r.RunDate));
        foreach (var date in FileDays(settings.Daily.ApplicationsDirectory)) dates.Add(date);
        var outcomes = FileDays(settings.Daily.OutcomesDirectory).ToHashSet();
        var applications = FileDays(settings.Daily.ApplicationsDirectory).ToHashSet();
        return dates.Reverse().Select(d => new DayStatus(d, applications.Contains(d), outcomes.Contains(d),
            runs.FirstOrDefault(r => r.RunDate == d), jobs.FirstOrDefault(j => j.Date == d))).ToList();
    }

    private static IEnumerable<DateOnly> FileDays(string folder) => !Directory.Exists(folder) ? [] :
        Directory.EnumerateFiles(folder).Select(f => Path.GetFileName(f).Split('.')[0])
            .Select(n => DateOnly.TryParseExact(n, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
            .Where(d => d is not null).Select(d => d!.Value).Distinct();

    /// <summary>The newest run of the date that wrote predictions, or null.</summary>
    public (PipelineRunRecord Run, string Path)? PredictionsOf(DateOnly date)
    {
        foreach (var run in records.PipelineRuns().Where(r => r.RunDate == date))
        {
            var path = TrialPaths.Latest(Path.Combine(run.Folder, TrialPaths.PredictionsFile));
            if (File.Exists(path)) return (run, path);
        }
        return null;
    }

    /// <summary>The day's decisions with the officers' reviews (the latest per application), or null when no run of the day wrote predictions.</summary>
    public DayDecisions? Decisions(DateOnly date)
    {
        if (PredictionsOf(date) is not { } found) return null;
        var latest = records.Reviews(found.Run.Id).GroupBy(r => r.ApplicationId).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var rows = new List<PredictionRow>();
        using var reader = CsvRecordReader.Open(found.Path);
        var id = reader.Header[0];
        var columns = reader.Require(id, "score", "decision", "rules", "reasons", "flags");
        while (reader.Read())
        {
            var key = reader.Value(columns[0]);
            rows.Add(new PredictionRow(key, double.Parse(reader.Value(columns[1]), CultureInfo.InvariantCulture), reader.Value(columns[2]),
                reader.Value(columns[3]), reader.Value(columns[4]), reader.Value(columns[5])) { Review = latest.GetValueOrDefault(key) });
        }
        return new DayDecisions(date, found.Run, found.Path, rows);
    }

    /// <summary>The latest monitoring status (OK, WARN or ALERT) and its line, from the newest run that wrote one.</summary>
    public (DateOnly Date, string Status, string Line)? LatestMonitoring()
    {
        foreach (var run in records.PipelineRuns(200))
        {
            var path = TrialPaths.Latest(Path.Combine(run.Folder, MonitoringReport.FileName));
            if (!File.Exists(path)) continue;
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(path));
                var status = json.RootElement.TryGetProperty("status", out var s) ? s.ToString() : "?";
                var line = json.RootElement.TryGetProperty("status_line", out var l) ? l.ToString() : "";
                return (run.RunDate, status, line);
            }
            catch (JsonException)
            {
                continue;
            }
        }
        return null;
    }

    /// <summary>The rendered notebook pages of a run: only the .html files directly in its folder.</summary>
    public IReadOnlyList<string> Reports(PipelineRunRecord run) => !Directory.Exists(run.Folder) ? [] :
        Directory.EnumerateFiles(run.Folder, "*.html").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The full path of report <paramref name="name"/> of run <paramref name="runId"/>, or null. The name must be one of
    /// the files <see cref="Reports"/> lists, so no name from a request reaches the file system as a path.
    /// </summary>
    public string? ReportPath(string runId, string name)
    {
        var run = records.PipelineRuns().FirstOrDefault(r => r.Id == runId);
        if (run is null) return null;
        return Reports(run).Contains(name, StringComparer.Ordinal) ? Path.Combine(run.Folder, name) : null;
    }

    public PipelineRunRecord? Run(string runId) => records.PipelineRuns().FirstOrDefault(r => r.Id == runId);

    public static string Csv(string? text)
    {
        text ??= "";
        // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
        if (text.Length > 0 && text[0] is '=' or '+' or '@' || text.StartsWith('-') && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public static string FinalCsv(DayDecisions day)
    {
        var text = new System.Text.StringBuilder();
        text.Append("application_id,score,model_decision,final_decision,rules,reasons,reviewed_by,reviewed_at,comment\n");
        foreach (var row in day.Rows)
            text.Append(string.Join(',', Csv(row.Id), row.Score.ToString("R", CultureInfo.InvariantCulture), Csv(row.Decision), Csv(row.FinalDecision),
                Csv(row.Rules), Csv(row.Reasons), Csv(row.Review?.Officer), Csv(row.Review?.DecidedAt.ToString("O", CultureInfo.InvariantCulture)),
                Csv(row.Review?.Comment))).Append('\n');
        return text.ToString();
    }
}
