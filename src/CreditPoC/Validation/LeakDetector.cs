using CreditPoC.Metrics;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Validation;

/// <summary>A column that predicts the target alone almost perfectly.</summary>
/// <param name="Column">The column.</param>
/// <param name="Auc">Its single-feature ROC AUC, oriented so that 0.5 is chance and 1 is perfect.</param>
/// <param name="Method">"numeric value" or "category default rate (2-fold)".</param>
/// <param name="RowsUsed">Rows with both a value and a target.</param>
public sealed record LeakSuspect(string Column, double Auc, string Method, long RowsUsed);

/// <summary>
/// Finds leak suspects: columns whose single-feature AUC against the target exceeds a threshold (0.95 by default).
/// Numeric columns are scored by their value (either direction, missing values placed lowest or highest); text
/// columns by the default rate of their category (missing is a category), learnt on the other half of the rows
/// (2-fold), so that a column of unique values does not look perfect by memorising.
/// </summary>
public static class LeakDetector
{
    private const string MissingCategory = "\u0000(missing)";

    /// <summary>Rows needed in each class for an AUC to count.</summary>
    public const int MinRowsPerClass = 10;

    /// <summary>The single-feature AUC of every column except the target and the id, best first.</summary>
    public static List<LeakSuspect> ScoreColumns(DataFrame data, TargetVector target, string? idColumn)
    {
        var columns = data.Columns.Where(c => c.Name != target.Column && c.Name != idColumn).ToList();
        var results = new LeakSuspect?[columns.Count];
        Parallel.For(0, columns.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var column = columns[i];
            var (auc, method, used) = ColumnValues.IsNumeric(column)
                ? NumericAuc(ColumnValues.Numbers(column), target.Labels)
                : CategoryAuc(ColumnValues.Texts(column), target.Labels);
            if (!double.IsNaN(auc))
                results[i] = new LeakSuspect(column.Name, auc, method, used);
        });
        return results.OfType<LeakSuspect>().OrderByDescending(r => r.Auc).ThenBy(r => r.Column, StringComparer.Ordinal).ToList();
    }

    /// <summary>Columns whose AUC is above <paramref name="threshold"/>.</summary>
    public static List<LeakSuspect> Find(DataFrame data, TargetVector target, string? idColumn, double threshold = 0.95) =>
        ScoreColumns(data, target, idColumn).Where(s => s.Auc > threshold).ToList();

    private static (double, string, long) NumericAuc(double[] values, int[] labels)
    {
        // Sort the present values once; then score three ways from the tie groups: present rows only, and with the
        // missing rows placed below or above every value (a column that is filled in only for defaulters, say,
        // predicts through its missingness).
        int n = 0;
        long missingPositives = 0, missingNegatives = 0;
        var keys = new double[values.Length];
        var marks = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            if (labels[i] is not (0 or 1))
                continue;
            if (double.IsNaN(values[i]))
            {
                if (labels[i] == 1) missingPositives++;
                else missingNegatives++;
                continue;
            }
            keys[n] = values[i];
            marks[n++] = labels[i];
        }
        Array.Sort(keys, marks, 0, n);
        var groups = new List<(long Positives, long Negatives)>();
        for (int i = 0; i < n;)
        {
            int j = i;
            long positives = 0;
            while (j < n && keys[j] == keys[i])
                positives += marks[j++];
            groups.Add((positives, j - i - positives));
            i = j;
        }
        long used = n + missingPositives + missingNegatives;
        double best = Oriented(groups, MinRowsPerClass);
        if (missingPositives + missingNegatives > 0)
        {
            var missing = (missingPositives, missingNegatives);
            best = Max(best, Oriented([missing, .. groups], MinRowsPerClass));
            best = Max(best, Oriented([.. groups, missing], MinRowsPerClass));
        }
        string method = missingPositives + missingNegatives > 0 ? "numeric value, missing lowest or highest" : "numeric value";
        return (best, method, double.IsNaN(best) ? 0 : used);
    }

    private static double Max(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    /// <summary>AUC of groups of tied scores in ascending order (ties count half), oriented to ≥ 0.5.</summary>
    private static double Oriented(List<(long Positives, long Negatives)> groups, int minPerClass)
    {
        long positives = groups.Sum(g => g.Positives), negatives = groups.Sum(g => g.Negatives);
        if (positives < minPerClass || negatives < minPerClass)
            return double.NaN;
        double wins = 0;
        long negativesBelow = 0;
        foreach (var (p, q) in groups)
        {
            wins += p * (negativesBelow + q / 2.0);
            negativesBelow += q;
        }
        double auc = wins / ((double)positives * negatives);
        return Math.Max(auc, 1 - auc);
    }

    private static (double Auc, long Used) Oriented(double[] scores, int[] labels)
    {
        long positives = 0, negatives = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
                continue;
            if (labels[i] == 1) positives++;
            else if (labels[i] == 0) negatives++;
        }
        if (positives < MinRowsPerClass || negatives < MinRowsPerClass)
            return (double.NaN, 0);
        double auc = RocAuc.Compute(scores, labels);
        return (Math.Max(auc, 1 - auc), positives + negatives);
    }

    private static (double, string, long) CategoryAuc(string?[] values, int[] labels)
    {
        // Out-of-fold category rates: even rows are scored with rates learnt on odd rows and vice versa.
        var scores = new double[values.Length];
        for (int fold = 0; fold < 2; fold++)
        {
            var sums = new Dictionary<string, (long Positives, long Total)>(StringComparer.Ordinal);
            long allPositives = 0, allTotal = 0;
            for (int i = 1 - fold; i < values.Length; i += 2)
            {
                if (labels[i] is not (0 or 1))
                    continue;
                var v = values[i] ?? MissingCategory;
                var s = sums.GetValueOrDefault(v);
                sums[v] = (s.Positives + labels[i], s.Total + 1);
                allPositives += labels[i];
                allTotal++;
            }
            double prior = allTotal == 0 ? 0 : (double)allPositives / allTotal;
            for (int i = fold; i < values.Length; i += 2)
                scores[i] = sums.TryGetValue(values[i] ?? MissingCategory, out var s) ? (s.Positives + prior) / (s.Total + 1.0) : prior;
        }
        var (auc, used) = Oriented(scores, labels);
        return (auc, "category default rate (2-fold)", used);
    }

    /// <summary>A warning per suspect.</summary>
    public static List<ValidationIssue> Issues(IEnumerable<LeakSuspect> suspects, string target, double threshold = 0.95) =>
        suspects.Select(s => new ValidationIssue(Severity.Warning, "leak_suspect", s.Column, s.RowsUsed,
            $"{s.Column} alone predicts {target} with AUC {s.Auc:F3} (> {threshold:F2}, by {s.Method}): " +
            "check when its value is known; a column known only after the outcome must not be a feature")).ToList();
}
