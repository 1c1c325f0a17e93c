using System.Text.Json;
using System.Text.Json.Serialization;
using CreditPoC.IO;
using CreditPoC.Loading;
using CreditPoC.Tracking;
using CreditPoC.Monitoring;
using Microsoft.Data.Analysis;

namespace CreditPoC.Trial;

/// <summary>What the monitoring notebook is asked to check on a date.</summary>
/// <param name="RunDirectory">The run's folder: the day's test features and predictions (their newest attempts) are read from it.</param>
/// <param name="StorePath">The run store; its folder is the runs folder with the dated run folders of earlier days.</param>
/// <param name="RawDirectory">The daily files (applications/ and outcomes/).</param>
public sealed record MonitoringInputs(DateOnly Date, string RunDirectory, string StorePath, string RawDirectory, TableSchema Schema, MonitoringSettings Settings)
{
    public string RunsDirectory => Path.GetDirectoryName(Path.GetFullPath(StorePath)) ?? ".";

    /// <summary>The inputs for the current run's folder and run store (<see cref="RunContext.Current"/>).</summary>
    public static MonitoringInputs ForCurrentRun(DateOnly date, string rawDirectory, TableSchema schema, MonitoringSettings settings)
    {
        var run = RunContext.Current;
        return new MonitoringInputs(date, run.RunDirectory, run.StorePath, rawDirectory, schema, settings);
    }
}

/// <summary>
/// The monitoring of one day: drift of the day's applications and of a rolling window of recent days against the
/// training reference, performance by application week as outcomes mature, and fairness across groups on the
/// matured predictions. <see cref="Status"/> is the worst drift status; flagged fairness groups raise it to WARN.
/// </summary>
public sealed record MonitoringReport
{
    public required DateOnly Date { get; init; }
    public required DriftStatus Status { get; init; }
    public required string ReferencePath { get; init; }
    public required BatchDrift Today { get; init; }
    public BatchDrift? Window { get; init; }
    public required IReadOnlyList<DateOnly> WindowDates { get; init; }
    public required IReadOnlyList<WeeklyPerformance> Performance { get; init; }
    public required IReadOnlyList<GroupFairness> Fairness { get; init; }
    public required int ServedPredictions { get; init; }

    /// <summary>What the scoring API decided on the day (recorded by the web application), beside the day's batch; null without a run store.</summary>
    public ApiScoredSummary? ApiScored { get; init; }
    public required int MaturedPredictions { get; init; }

    /// <summary>The reference's score distribution and today's on the same bins, for the overlaid chart.</summary>
    public required ScoreHistogram Scores { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    public const string FileName = "monitoring.json";

    /// <summary>The status line the notebook ends with.</summary>
    public string StatusLine
    {
        get
        {
            var worst = Today.ByPsi.Take(3).Where(f => f.Status != DriftStatus.OK).Select(f => $"{f.Feature} PSI {f.Psi:0.00}");
            var flagged = Fairness.Count(g => g.Flagged);
            return $"{Status}: {Today.Features.Features.Count(f => f.Status == DriftStatus.ALERT)} feature(s) in the alert band, " +
                   $"{Today.Features.DriftedShare:P0} drifted today" +
                   (Window is null ? "" : $", {Window.Features.DriftedShare:P0} over {WindowDates.Count} days ({Window.Status})") +
                   (Today.Score is { } s ? $", score PSI {s.Psi:0.000}" : "") +
                   (flagged > 0 ? $", {flagged} fairness group(s) flagged" : "") +
                   (worst.Any() ? $" — {string.Join(", ", worst)}" : "");
        }
    }

    /// <summary>The figures recorded in the run store: status (0 OK, 1 WARN, 2 ALERT), drift shares, score PSI, the latest matured AUC.</summary>
    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            var metrics = new Dictionary<string, double>
            {
                ["drift_status"] = (int)Status,
                ["drifted_share"] = Today.Features.DriftedShare,
                ["alert_features"] = Today.Features.Features.Count(f => f.Status == DriftStatus.ALERT),
                ["max_psi"] = Today.Features.Features.Select(f => f.Psi).DefaultIfEmpty(0).Max(),
                ["fairness_flagged"] = Fairness.Count(g => g.Flagged),
                ["matured_predictions"] = MaturedPredictions,
            };
            if (Today.Score is { } score) metrics["score_psi"] = score.Psi;
            if (Window is { } window) metrics["window_drifted_share"] = window.Features.DriftedShare;
            if (Performance.LastOrDefault(w => w.Auc is not null) is { Auc: { } auc }) metrics["latest_week_auc"] = auc;
            return metrics;
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes the report as JSON, atomically: a per-feature PSI map up front, then every detail.</summary>
    public void Save(string path) => AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, new
    {
        date = Date,
        status = Status,
        status_line = StatusLine,
        reference = ReferencePath,
        psi = Today.ByPsi.ToDictionary(f => f.Feature, f => Math.Round(f.Psi, 6)),
        score_psi = Today.Score?.Psi,
        drifted_share = Today.Features.DriftedShare,
        today = Today,
        window_dates = WindowDates,
        window = Window,
        served_predictions = ServedPredictions,
        api_scored = ApiScored,
        matured_predictions = MaturedPredictions,
        performance = Performance,
        fairness = Fairness,
        scores = Scores,
        notes = Notes,
    }, Json));

    /// <summary>Runs every check of <paramref name="inputs"/> and returns the report (it does not write it).</summary>
    public static MonitoringReport Build(MonitoringInputs inputs)
    {
        var notes = new List<string>();
        var referencePath = ReferencePathFor(inputs.RunDirectory, inputs.StorePath, notes);
        var reference = TrainingReference.Load(referencePath);
        var exclude = new List<string>(Learner.NotFeatures);
        if (inputs.Schema.IdColumn is { } id) exclude.Add(id);
        if (inputs.Schema.TargetColumn is { } target) exclude.Add(target);
        var idColumn = inputs.Schema.IdColumn ?? "SK_ID_CURR";
        var dateText = inputs.Date.ToString(DailyFiles.DateFormat, System.Globalization.CultureInfo.InvariantCulture);

        var paths = new TrialPaths(inputs.RunDirectory);
        var featuresPath = TrialPaths.Latest(paths.Features(DataType.Test));
        if (!File.Exists(featuresPath))
            throw new UserFacingException($"{featuresPath} does not exist: run feature_engineering with DATA_TYPE test for {dateText} first");
        var today = TableFile.Load(featuresPath, inputs.Schema, strict: false, allowNoRows: true);
        if (today.Rows.Count == 0) notes.Add($"no applications arrived on {dateText} (a day without business): the day's drift has nothing to compare");
        var predictionsPath = TrialPaths.Latest(paths.Predictions);
        var todayScores = File.Exists(predictionsPath)
            ? MonitoringSources.ReadPredictions(predictionsPath, inputs.Date, idColumn).Select(p => p.Score).ToList()
            : null;
        if (todayScores is null) notes.Add($"{predictionsPath} does not exist: the score is not compared");
        var todayDrift = DriftMonitor.Compare(dateText, reference, [today], todayScores, inputs.Settings.Drift, exclude);

        // The rolling window: the raw application files of the last N days (they exist whether or not a run
        // succeeded) and the scores those days' runs served.
        var files = new DailyFiles(inputs.RawDirectory);
        var overrides = File.Exists(predictionsPath) ? new Dictionary<DateOnly, string> { [inputs.Date] = predictionsPath } : null;
        var served = MonitoringSources.Served(inputs.RunsDirectory, files, inputs.Date, overrides, idColumn);
        var windowDates = files.ApplicationDays(inputs.Date).Where(d => d > inputs.Date.AddDays(-inputs.Settings.RollingWindowDays)).ToList();
        BatchDrift? window = null;
        if (windowDates.Count > 1)
        {
            var frames = Modeling.OrderedParallel.Run(windowDates.Count, Environment.ProcessorCount, // one file a day: read side by side
                i => TableFile.Load(files.ApplicationsOf(windowDates[i]), inputs.Schema, strict: false, allowNoRows: true));
            var windowScores = served.Where(p => windowDates.Contains(p.Date)).Select(p => p.Score).ToList();
            window = DriftMonitor.Compare($"{windowDates.Count} days {windowDates[0]:yyyy-MM-dd} to {windowDates[^1]:yyyy-MM-dd}",
                reference, frames, windowScores, inputs.Settings.Drift, exclude);
        }
        else notes.Add("fewer than two days of applications: no rolling window");

        var performance = PerformanceOverTime.ByWeek(served.Select(p => p.Date).ToList(), served.Select(p => p.Score).ToList(),
            served.Select(p => p.Decision).ToList(), served.Select(p => p.Defaulted).ToList());
        var matured = served.Where(p => p.Defaulted is not null).ToList();
        var fairness = FairnessOf(matured, inputs.Settings.Fairness);
        if (matured.Count == 0) notes.Add("no served prediction has its outcome yet: no fairness table");

        ApiScoredSummary? api = null;
        if (File.Exists(inputs.StorePath))
        {
            var decisions = new Tracking.WebRecords(inputs.StorePath).ApiDecisionsOn(inputs.Date);
            api = new ApiScoredSummary(decisions.Count, decisions.Count(d => d.Decision == "approve"), decisions.Count(d => d.Decision == "reject"),
                decisions.Count(d => d.Decision == "review"), decisions.Count == 0 ? null : decisions.Average(d => d.Score),
                decisions.Select(d => d.ModelVersion).Distinct().Order().ToList());
            if (decisions.Count > 0)
                notes.Add($"the scoring API decided {decisions.Count:N0} application(s) on {dateText} ({api.Approved:N0} approved, {api.Rejected:N0} rejected, " +
                          $"{api.Review:N0} to review; mean score {api.MeanScore:0.0000}, model version(s) {string.Join(", ", api.ModelVersions)})");
        }

        var status = new[] { todayDrift.Status, window?.Status ?? DriftStatus.OK, fairness.Any(g => g.Flagged) ? DriftStatus.WARN : DriftStatus.OK }.Max();
        return new MonitoringReport
        {
            Date = inputs.Date, Status = status, ReferencePath = referencePath, Today = todayDrift, Window = window,
            WindowDates = windowDates, Performance = performance, Fairness = fairness, ServedPredictions = served.Count, ApiScored = api,
            MaturedPredictions = matured.Count, Scores = ScoreHistogram.Of(reference.Score, todayScores ?? []), Notes = notes,
        };
    }

    /// <summary>Fairness by CODE_GENDER and by age band (from DAYS_BIRTH) on the given predictions.</summary>
    public static IReadOnlyList<GroupFairness> FairnessOf(IReadOnlyList<ServedPrediction> predictions, FairnessLimits limits)
    {
        if (predictions.Count == 0) return [];
        var approved = predictions.Select(p => p.Decision == "approve").ToList();
        var review = predictions.Select(p => p.Decision == "review").ToList();
        var scores = predictions.Select(p => p.Score).ToList();
        var defaulted = predictions.Select(p => p.Defaulted).ToList();
        return
        [
            .. Monitoring.Fairness.Compute("CODE_GENDER", predictions.Select(p => p.Gender).ToList(), approved, review, scores, defaulted, limits),
            .. Monitoring.Fairness.Compute("age band", predictions.Select(p => Monitoring.Fairness.AgeBand(p.DaysBirth)).ToList(), approved, review, scores, defaulted, limits),
        ];
    }

    /// <summary>
    /// The reference of the model that served: the registry's serving model (its reference.json lies beside its
    /// model.zip), else the run's own newest <c>model/reference.json</c> (<see cref="TrialPaths.LatestReference"/>).
    /// </summary>
    public static string ReferencePathFor(string runDirectory, string storePath) => ReferencePathFor(runDirectory, storePath, []);

    private static string ReferencePathFor(string runDirectory, string storePath, List<string> notes)
    {
        var own = new TrialPaths(runDirectory).LatestReference;
        if (File.Exists(storePath))
        {
            var serving = new ModelRegistry(storePath).Serving();
            if (serving is not null)
            {
                var beside = TrialPaths.ReferenceFor(serving.Path);
                if (File.Exists(beside)) return beside;
                notes.Add($"the serving model version {serving.Version} has no reference.json beside {serving.Path}; using {own}");
            }
        }
        return own;
    }
}

/// <summary>The reference's score shares per bin and a batch's on the same bins (edges from the reference).</summary>
public sealed record ScoreHistogram(IReadOnlyList<double> Edges, IReadOnlyList<double> ReferenceShares, IReadOnlyList<double> BatchShares, int BatchRows)
{
    /// <summary>
    /// Equal-width bins from 0 to the 99th percentile of both sides (scores above go into the last bin), so the
    /// bulk of the distribution is not squeezed into one bar; shares of each side's rows.
    /// </summary>
    public static ScoreHistogram Of(FeatureReference reference, IReadOnlyList<double> batch, int bins = 25)
    {
        var all = reference.Sample.Concat(batch).Order().ToList();
        double min = all.Count == 0 ? 0 : Math.Min(0, all[0]), max = all.Count == 0 ? 1 : all[(int)Math.Floor(0.99 * (all.Count - 1))];
        if (max <= min) max = all.Count == 0 || all[^1] <= min ? min + 1 : all[^1];
        var edges = Enumerable.Range(0, bins + 1).Select(i => min + (max - min) * i / bins).ToArray();
        return new ScoreHistogram(edges, Shares(reference.Sample, edges), Shares(batch, edges), batch.Count);
    }

    private static double[] Shares(IReadOnlyList<double> values, double[] edges)
    {
        var counts = new double[edges.Length - 1];
        foreach (var v in values)
            counts[Math.Clamp((int)((v - edges[0]) / (edges[^1] - edges[0]) * counts.Length), 0, counts.Length - 1)]++;
        return counts.Select(c => values.Count == 0 ? 0 : c / values.Count).ToArray();
    }
}

/// <summary>The applications the scoring API decided on a day, as monitoring reports them beside the daily batch.</summary>
public sealed record ApiScoredSummary(int Applications, int Approved, int Rejected, int Review, double? MeanScore, IReadOnlyList<long> ModelVersions);
