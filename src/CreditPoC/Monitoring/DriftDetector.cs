namespace CreditPoC.Monitoring;

/// <summary>How one feature moved against its reference.</summary>
/// <param name="Statistic">KS D for numbers, chi-square for text.</param>
public sealed record FeatureDrift(
    string Feature, bool IsNumeric, double Psi, double Statistic, double PValue,
    double ReferenceMissingRate, double CurrentMissingRate, IReadOnlyList<string> NewCategories, double NewCategoryShare,
    DriftStatus Status, IReadOnlyList<string> Reasons);

/// <summary>The drift of a whole batch: every feature, the share that drifted and the overall status.</summary>
public sealed record DriftReport(IReadOnlyList<FeatureDrift> Features, double DriftedShare, DriftStatus Status, int BatchRows);

/// <summary>Compares a batch with the training reference: PSI on reference bins, KS or chi-square, missing rates, new categories.</summary>
public sealed class DriftDetector(DriftThresholds thresholds)
{
    private const double Epsilon = 1e-4;

    public DriftThresholds Thresholds { get; } = thresholds;

    public FeatureDrift Numeric(FeatureReference reference, IReadOnlyList<double?> batch)
    {
        var present = batch.Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).ToArray();
        var shares = FeatureReference.ToShares(FeatureReference.BinCounts(present, reference.Edges));
        var psi = Psi(reference.Shares, shares);
        var (d, p) = KolmogorovSmirnov(reference.Sample, present);
        var missing = batch.Count == 0 ? 0 : 1 - present.Length / (double)batch.Count;
        return Judge(reference, psi, d, p, missing, [], 0);
    }

    public FeatureDrift Categorical(FeatureReference reference, IReadOnlyList<string?> batch)
    {
        var present = batch.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        var known = reference.Levels.Select((level, i) => (level, i)).ToDictionary(x => x.level, x => x.i, StringComparer.Ordinal);
        var counts = new long[reference.Levels.Length + 1];  // the last slot: levels the reference never saw
        var newLevels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in present)
        {
            if (known.TryGetValue(value, out var index)) counts[index]++;
            else { counts[^1]++; newLevels.Add(value); }
        }
        var shares = FeatureReference.ToShares(counts);
        var psi = Psi([.. reference.Shares, 0], shares);
        var (chi2, p) = ChiSquare(reference, counts);
        var missing = batch.Count == 0 ? 0 : 1 - present.Count / (double)batch.Count;
        return Judge(reference, psi, chi2, p, missing, newLevels.ToList(), present.Count == 0 ? 0 : counts[^1] / (double)present.Count);
    }

    public DriftReport Summarize(IReadOnlyList<FeatureDrift> features, int batchRows)
    {
        var drifted = features.Count == 0 ? 0 : features.Count(f => f.Status != DriftStatus.OK) / (double)features.Count;
        var status = features.Any(f => f.Status == DriftStatus.ALERT) || drifted >= Thresholds.DriftedShareAlert ? DriftStatus.ALERT
            : features.Any(f => f.Status == DriftStatus.WARN) ? DriftStatus.WARN
            : DriftStatus.OK;
        return new DriftReport(features, drifted, status, batchRows);
    }

    /// <summary>Population stability index with a small floor on empty bins.</summary>
    public static double Psi(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            double e = Math.Max(expected[i], Epsilon), a = Math.Max(actual[i], Epsilon);
            if (expected[i] == 0 && actual[i] == 0) continue;
            psi += (a - e) * Math.Log(a / e);
        }
        return psi;
    }

    /// <summary>Two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value.</summary>
    public static (double D, double PValue) KolmogorovSmirnov(IReadOnlyList<double> sortedReference, IReadOnlyList<double> batch)
    {
        if (sortedReference.Count == 0 || batch.Count == 0) return (0, 1);
        var current = batch.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < sortedReference.Count && j < current.Length)
        {
            var x = Math.Min(sortedReference[i], current[j]);
            while (i < sortedReference.Count && sortedReference[i] <= x) i++;
            while (j < current.Length && current[j] <= x) j++;
            d = Math.Max(d, Math.Abs(i / (double)sortedReference.Count - j / (double)current.Length));
        }
        var n = sortedReference.Count * (double)current.Length / (sortedReference.Count + current.Length);
        var sqrtN = Math.Sqrt(n);
        return (d, Statistics.KolmogorovSurvival((sqrtN + 0.12 + 0.11 / sqrtN) * d));
    }

    private static (double Chi2, double PValue) ChiSquare(FeatureReference reference, long[] counts)
    {
        // Homogeneity of the batch against the reference shares; levels unseen in the reference get a small floor.
        var total = counts.Sum();
        if (total == 0) return (0, 1);
        double chi2 = 0;
        var cells = 0;
        for (var k = 0; k < counts.Length; k++)
        {
            var share = k < reference.Shares.Length ? reference.Shares[k] : 0;
            var expected = Math.Max(share, 0.5 / Math.Max(1, reference.Count)) * total;
            if (share == 0 && counts[k] == 0) continue;
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
            cells++;
        }
        return (chi2, Statistics.ChiSquareSurvival(chi2, Math.Max(1, cells - 1)));
    }

    private FeatureDrift Judge(FeatureReference reference, double psi, double statistic, double p, double missing,
        IReadOnlyList<string> newLevels, double newShare)
    {
        var reasons = new List<string>();
        var status = DriftStatus.OK;
        if (psi >= Thresholds.PsiAlert) { status = DriftStatus.ALERT; reasons.Add($"PSI {psi:0.000} ≥ {Thresholds.PsiAlert}"); }
        else if (psi >= Thresholds.PsiWarn) { status = DriftStatus.WARN; reasons.Add($"PSI {psi:0.000} ≥ {Thresholds.PsiWarn}"); }
        if (Math.Abs(missing - reference.MissingRate) >= Thresholds.MissingRateChange)
        {
            status = Max(status, DriftStatus.WARN);
            reasons.Add($"missing share {reference.MissingRate:P1} → {missing:P1}");
        }
        if (newLevels.Count > 0 && newShare >= Thresholds.NewCategoryShare)
        {
            status = Max(status, DriftStatus.WARN);
            reasons.Add($"new categories ({newShare:P1} of rows): {string.Join(", ", newLevels.Take(5))}");
        }
        return new FeatureDrift(reference.Name, reference.IsNumeric, psi, statistic, p, reference.MissingRate, missing, newLevels, newShare, status, reasons);
    }

    private static DriftStatus Max(DriftStatus a, DriftStatus b) => a > b ? a : b;
}
