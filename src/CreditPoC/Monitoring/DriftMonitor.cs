using System.Globalization;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Monitoring;

/// <summary>The drift of one batch (the day's, or a rolling window's) against the training reference.</summary>
/// <param name="Label">What was compared, e.g. "2021-03-31" or "7 days to 2021-03-31".</param>
/// <param name="Features">Every feature of the reference found in the batch, with the share that drifted.</param>
/// <param name="Score">The model's score against the validation scores; null when no scores were given.</param>
/// <param name="Status">The worse of the features' and the score's status.</param>
public sealed record BatchDrift(string Label, DriftReport Features, FeatureDrift? Score, DriftStatus Status)
{
    /// <summary>Features ordered by PSI, largest first.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<FeatureDrift> ByPsi => Features.Features.OrderByDescending(f => f.Psi).ThenBy(f => f.Feature, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Compares batches of applications and scores with a <see cref="TrainingReference"/>: PSI on the reference's bins,
/// KS or chi-square, missing-rate changes and new categories for every feature, and PSI and KS for the score.
/// A batch may come in several frames (one per day of a rolling window); their rows are pooled.
/// </summary>
public static class DriftMonitor
{
    /// <param name="exclude">Reference features not to compare (the id column, which grows by design).</param>
    public static BatchDrift Compare(string label, TrainingReference reference, IReadOnlyList<DataFrame> batches,
        IReadOnlyList<double>? scores, DriftThresholds thresholds, IEnumerable<string>? exclude = null)
    {
        var detector = new DriftDetector(thresholds);
        var skip = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        var rows = batches.Sum(b => (int)b.Rows.Count);
        // Features are independent: compared side by side, in the reference's order.
        var features = reference.Features.Where(f => !skip.Contains(f.Name)).AsParallel().AsOrdered()
            .Select(feature =>
            {
                var columns = batches.Where(b => b.Columns.Any(c => c.Name == feature.Name)).Select(b => b.Columns[feature.Name]).ToList();
                if (columns.Count == 0) return null;
                return feature.IsNumeric
                    ? detector.Numeric(feature, columns.SelectMany(Numbers).ToList())
                    : detector.Categorical(feature, columns.SelectMany(ColumnValues.Texts).ToList());
            })
            .OfType<FeatureDrift>()
            .ToList();
        var report = detector.Summarize(features, rows);
        var score = scores is { Count: > 0 } ? detector.Numeric(reference.Score, scores.Select(s => (double?)s).ToList()) : null;
        var status = score is not null && score.Status > report.Status ? score.Status : report.Status;
        return new BatchDrift(label, report, score, status);
    }

    /// <summary>Numbers of a column; a text column (e.g. all values missing in a small batch) is parsed.</summary>
    private static IEnumerable<double?> Numbers(DataFrameColumn column) => ColumnValues.IsNumeric(column)
        ? ColumnValues.Numbers(column).Select(v => double.IsNaN(v) ? (double?)null : v)
        : ColumnValues.Texts(column).Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null);
}
