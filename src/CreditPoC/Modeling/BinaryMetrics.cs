namespace CreditPoC.Modeling;

/// <summary>Counts of a confusion matrix and the metrics derived from it (0 where a ratio is undefined).</summary>
public sealed record ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Cohen's kappa: agreement beyond chance.</summary>
    public double Kappa
    {
        get
        {
            double n = Total;
            if (n == 0) return 0;
            var observed = Accuracy;
            var expected = ((double)(TruePositives + FalsePositives) * (TruePositives + FalseNegatives)
                            + (double)(TrueNegatives + FalseNegatives) * (TrueNegatives + FalsePositives)) / (n * n);
            return expected >= 1 ? 0 : (observed - expected) / (1 - expected);
        }
    }

    /// <summary>Matthews correlation coefficient.</summary>
    public double Mcc
    {
        get
        {
            double tp = TruePositives, fp = FalsePositives, tn = TrueNegatives, fn = FalseNegatives;
            var denominator = Math.Sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
            return denominator == 0 ? 0 : (tp * tn - fp * fn) / denominator;
        }
    }

    public static ConfusionMatrix From(IReadOnlyList<bool> predicted, IReadOnlyList<bool> actual)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            if (predicted[i]) { if (actual[i]) tp++; else fp++; }
            else { if (actual[i]) fn++; else tn++; }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
}

/// <summary>A point of a ROC curve (false and true positive rates at a score threshold).</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);

/// <summary>A point of a precision–recall curve.</summary>
public sealed record PrPoint(double Recall, double Precision, double Threshold);

/// <summary>A bin of a calibration plot: mean predicted probability against the observed positive rate.</summary>
public sealed record CalibrationBin(double Lower, double Upper, long Count, double MeanPredicted, double ObservedRate);

/// <summary>Curves and ranking metrics computed from scores (the AUC itself is <see cref="CreditPoC.Metrics.RocAuc"/>).</summary>
public static class BinaryMetrics
{
    /// <summary>The ROC curve from the highest threshold down, thinned to about <paramref name="maxPoints"/> points.</summary>
    public static IReadOnlyList<RocPoint> RocCurve(IReadOnlyList<float> scores, IReadOnlyList<bool> labels, int maxPoints = 200)
    {
        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        foreach (var (tp, fp, threshold) in Sweep(scores, labels))
            points.Add(new RocPoint(negatives == 0 ? 0 : fp / negatives, positives == 0 ? 0 : tp / positives, threshold));
        return Thin(points, maxPoints);
    }

    /// <summary>The precision–recall curve from the highest threshold down.</summary>
    public static IReadOnlyList<PrPoint> PrCurve(IReadOnlyList<float> scores, IReadOnlyList<bool> labels, int maxPoints = 200)
    {
        double positives = labels.Count(l => l);
        var points = Sweep(scores, labels)
            .Select(s => new PrPoint(positives == 0 ? 0 : s.Tp / positives, s.Tp / (s.Tp + s.Fp), s.Threshold)).ToList();
        return Thin(points, maxPoints);
    }

    /// <summary>Kolmogorov–Smirnov statistic: the largest gap between the score distributions of the classes.</summary>
    public static (double Statistic, double Threshold) KolmogorovSmirnov(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        (double, double) best = (0, double.NaN);
        if (positives == 0 || negatives == 0) return best;
        foreach (var (tp, fp, threshold) in Sweep(scores, labels))
        {
            var gap = tp / positives - fp / negatives;
            if (gap > best.Item1) best = (gap, threshold);
        }
        return best;
    }

    /// <summary>Equal-width bins of predicted probability with the observed positive rate in each (empty bins left out).</summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<float> probabilities, IReadOnlyList<bool> labels, int bins = 10)
    {
        var counts = new long[bins];
        var sums = new double[bins];
        var hits = new long[bins];
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = Math.Clamp(probabilities[i], 0f, 1f);
            var b = Math.Min(bins - 1, (int)(p * bins));
            counts[b]++;
            sums[b] += p;
            if (labels[i]) hits[b]++;
        }
        return Enumerable.Range(0, bins).Where(b => counts[b] > 0)
            .Select(b => new CalibrationBin((double)b / bins, (double)(b + 1) / bins, counts[b], sums[b] / counts[b], (double)hits[b] / counts[b]))
            .ToList();
    }

    /// <summary>Cumulative (true positives, false positives, threshold) at each distinct score, highest first.</summary>
    private static IEnumerable<(double Tp, double Fp, double Threshold)> Sweep(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k + 1 == order.Length || !scores[order[k + 1]].Equals(scores[order[k]]))
                yield return (tp, fp, scores[order[k]]);
        }
    }

    private static IReadOnlyList<T> Thin<T>(List<T> points, int maxPoints)
    {
        if (points.Count <= maxPoints || maxPoints < 2) return points;
        var step = (points.Count - 1) / (double)(maxPoints - 1);
        return Enumerable.Range(0, maxPoints).Select(i => points[(int)Math.Round(i * step)]).ToList();
    }
}
