using System.Globalization;
using System.Text;
using CreditPoC.IO;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>A mean and (sample) standard deviation over folds.</summary>
public readonly record struct MeanSd(double Mean, double Sd)
{
    public static MeanSd Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new MeanSd(double.NaN, double.NaN);
        var mean = values.Average();
        var sd = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MeanSd(mean, sd);
    }

    public override string ToString() => $"{Mean.ToString("F4", CultureInfo.InvariantCulture)} ± {Sd.ToString("F4", CultureInfo.InvariantCulture)}";
}

/// <summary>The metrics of one model on one held-out fold.</summary>
public sealed record FoldResult(int Fold, double Auc, ConfusionMatrix Confusion, double TrainSeconds, int? Rounds);

/// <summary>One model's cross-validated result: each metric as mean ± sd over folds.</summary>
public sealed record LeaderboardRow(string Model, string Name, IReadOnlyList<FoldResult> Folds, IReadOnlyList<RocPoint> OutOfFoldRoc)
{
    public MeanSd Auc => MeanSd.Of(Folds.Select(f => f.Auc).ToList());
    public MeanSd Accuracy => MeanSd.Of(Folds.Select(f => f.Confusion.Accuracy).ToList());
    public MeanSd Recall => MeanSd.Of(Folds.Select(f => f.Confusion.Recall).ToList());
    public MeanSd Precision => MeanSd.Of(Folds.Select(f => f.Confusion.Precision).ToList());
    public MeanSd F1 => MeanSd.Of(Folds.Select(f => f.Confusion.F1).ToList());
    public MeanSd Kappa => MeanSd.Of(Folds.Select(f => f.Confusion.Kappa).ToList());
    public MeanSd Mcc => MeanSd.Of(Folds.Select(f => f.Confusion.Mcc).ToList());
    public MeanSd TrainSeconds => MeanSd.Of(Folds.Select(f => f.TrainSeconds).ToList());

    /// <summary>A metric by its leaderboard name (AUC, Accuracy, Recall, Precision, F1, Kappa, MCC, TrainSeconds).</summary>
    public MeanSd Metric(string name) => Leaderboard.NormalizeMetric(name) switch
    {
        "AUC" => Auc, "Accuracy" => Accuracy, "Recall" => Recall, "Precision" => Precision, "F1" => F1,
        "Kappa" => Kappa, "MCC" => Mcc, _ => TrainSeconds,
    };
}

/// <summary>
/// The result of CompareModels: one row per model, best first by the chosen metric. Threshold metrics use each
/// trainer's own decision rule (score above 0, i.e. probability above 0.5 for calibrated trainers; the SVM's sign).
/// The out-of-fold ROC pools every fold's held-out scores (scores of different folds are on nearly the same scale).
/// </summary>
public sealed class Leaderboard
{
    /// <summary>Metric names accepted by sortBy.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["AUC", "Accuracy", "Recall", "Precision", "F1", "Kappa", "MCC", "TrainSeconds"];

    public Leaderboard(IEnumerable<LeaderboardRow> rows, string sortBy, int folds, int trainRows)
    {
        SortBy = NormalizeMetric(sortBy);
        Folds = folds;
        TrainRows = trainRows;
        var ordered = SortBy == "TrainSeconds"
            ? rows.OrderBy(r => r.TrainSeconds.Mean)
            : rows.OrderByDescending(r => double.IsNaN(r.Metric(SortBy).Mean) ? double.MinValue : r.Metric(SortBy).Mean);
        Rows = ordered.ThenBy(r => r.Model, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<LeaderboardRow> Rows { get; }
    public string SortBy { get; }
    public int Folds { get; }
    public int TrainRows { get; }
    public LeaderboardRow Best => Rows[0];

    internal static string NormalizeMetric(string name) =>
        Metrics.FirstOrDefault(m => string.Equals(m, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(name?.Trim(), "TT (Sec)", StringComparison.OrdinalIgnoreCase) ? "TrainSeconds" : null)
        ?? throw new UserFacingException($"unknown metric '{name}' for sortBy; use one of: {string.Join(", ", Metrics)}");

    /// <summary>One row per model; each metric as a mean column and an _SD column.</summary>
    public DataFrame ToDataFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Model", Rows.Select(r => r.Model)),
            new StringDataFrameColumn("Name", Rows.Select(r => r.Name)),
        };
        foreach (var metric in Metrics)
        {
            columns.Add(new DoubleDataFrameColumn(metric, Rows.Select(r => r.Metric(metric).Mean)));
            columns.Add(new DoubleDataFrameColumn(metric + "_SD", Rows.Select(r => r.Metric(metric).Sd)));
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// The leaderboard for reading: one row per model, best first, each metric as "mean ± sd" text (joined by
    /// non-breaking spaces) and the mean training seconds per fold.
    /// </summary>
    public DataFrame ToDisplayFrame()
    {
        var columns = new List<DataFrameColumn>
        {
            new StringDataFrameColumn("Model", Rows.Select(r => $"{r.Name} ({r.Model})")),
        };
        foreach (var metric in Metrics.Where(m => m != "TrainSeconds"))
            // Non-breaking spaces keep "mean ± sd" on one line in an HTML table.
            columns.Add(new StringDataFrameColumn(metric, Rows.Select(r => r.Metric(metric).ToString().Replace(' ', '\u00a0'))));
        columns.Add(new StringDataFrameColumn("TT (s)", Rows.Select(r => r.TrainSeconds.Mean.ToString("F2", CultureInfo.InvariantCulture))));
        return new DataFrame(columns);
    }

    /// <summary>Writes the leaderboard as CSV (invariant culture), atomically.</summary>
    public void SaveCsv(string path) => AtomicFile.WriteAllText(path, ToCsv());

    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", new[] { "Model", "Name" }.Concat(Metrics.SelectMany(m => new[] { m, m + "_SD" }))));
        foreach (var row in Rows)
        {
            var cells = new List<string> { row.Model, row.Name };
            foreach (var metric in Metrics)
            {
                var value = row.Metric(metric);
                cells.Add(value.Mean.ToString("R", CultureInfo.InvariantCulture));
                cells.Add(value.Sd.ToString("R", CultureInfo.InvariantCulture));
            }
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }

    /// <summary>A plain-text table (mean ± sd), best first.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"Leaderboard: {Folds}-fold stratified CV on {TrainRows:N0} training rows, sorted by {SortBy}");
        text.AppendLine($"{"Model",-28}{"AUC",-18}{"Accuracy",-18}{"Recall",-18}{"Precision",-18}{"F1",-18}{"Kappa",-18}{"MCC",-18}{"TT (s)",-10}");
        foreach (var row in Rows)
            text.AppendLine($"{row.Name + " (" + row.Model + ")",-28}{row.Auc,-18}{row.Accuracy,-18}{row.Recall,-18}{row.Precision,-18}{row.F1,-18}{row.Kappa,-18}{row.Mcc,-18}{row.TrainSeconds.Mean.ToString("F2", CultureInfo.InvariantCulture),-10}");
        return text.ToString();
    }
}
