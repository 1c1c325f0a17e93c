namespace CreditPoC.Decisions;

/// <summary>
/// The second stage: a score (probability of default) below <see cref="Lower"/> is approved, above
/// <see cref="Upper"/> rejected, and the band in between goes to a person.
/// </summary>
public sealed record ScoreBands(double Lower, double Upper)
{
    private const double Below = -1e-9, Above = 1 + 1e-9;

    /// <summary>The names under which a registered model's metrics keep its bands.</summary>
    public const string LowerMetric = "band_lower", UpperMetric = "band_upper";

    /// <summary>The bands as metrics, for the model registry.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double> { [LowerMetric] = Lower, [UpperMetric] = Upper };

    /// <summary>The bands kept in a registered model's metrics, or an error naming <paramref name="owner"/>.</summary>
    public static ScoreBands FromMetrics(IReadOnlyDictionary<string, double> metrics, string owner) =>
        metrics.TryGetValue(LowerMetric, out var lower) && metrics.TryGetValue(UpperMetric, out var upper)
            ? new ScoreBands(lower, upper)
            : throw new UserFacingException($"{owner} has no decision bands ({LowerMetric}, {UpperMetric}) among its metrics: register it with the learn notebook");

    public DecisionOutcome Decide(double score) =>
        score < Lower ? DecisionOutcome.Approve : score > Upper ? DecisionOutcome.Reject : DecisionOutcome.Review;

    /// <summary>
    /// Derives the bands on validation data: the approve band is as wide as it can be while at least
    /// <paramref name="approveAccuracy"/> of its applications repaid, and the reject band as wide as it can be while
    /// at least <paramref name="rejectAccuracy"/> of its applications defaulted. A band that cannot reach its target
    /// on at least <paramref name="minimumBandSize"/> applications stays empty.
    /// </summary>
    public static ScoreBands Derive(IReadOnlyList<double> scores, IReadOnlyList<bool> defaulted,
        double approveAccuracy, double rejectAccuracy, int minimumBandSize = 20)
    {
        if (scores.Count != defaulted.Count)
            throw new ArgumentException("scores and labels differ in length");
        if (scores.Count == 0)
            throw new UserFacingException("cannot derive decision thresholds: the validation data is empty");
        foreach (var (name, value) in new[] { ("approve_accuracy", approveAccuracy), ("reject_accuracy", rejectAccuracy) })
            if (value is <= 0 or > 1)
                throw new UserFacingException($"decision policy: {name} must be in (0, 1], got {value}");

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();

        // Approve: scores ascending; the widest prefix whose repaid share is on target, cut between distinct scores.
        var lower = 0.0;
        var repaid = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (!defaulted[order[k]]) repaid++;
            var size = k + 1;
            var boundary = k + 1 == order.Length || scores[order[k + 1]] > scores[order[k]];
            if (boundary && size >= minimumBandSize && repaid >= approveAccuracy * size)
                lower = k + 1 == order.Length ? double.PositiveInfinity : Midpoint(scores[order[k]], scores[order[k + 1]]);
        }

        // Reject: scores descending; the widest suffix whose defaulted share is on target.
        var upper = double.PositiveInfinity;
        var bad = 0;
        for (var k = order.Length - 1; k >= 0; k--)
        {
            if (defaulted[order[k]]) bad++;
            var size = order.Length - k;
            var boundary = k == 0 || scores[order[k - 1]] < scores[order[k]];
            if (boundary && size >= minimumBandSize && bad >= rejectAccuracy * size)
                upper = k == 0 ? double.NegativeInfinity : Midpoint(scores[order[k - 1]], scores[order[k]]);
        }

        if (upper < lower) upper = lower;  // overlapping targets: nothing goes to review, the approve band wins ties
        // Scores are probabilities: keep the bounds finite (JSON has no infinity) just outside [0, 1].
        return new ScoreBands(Math.Clamp(lower, Below, Above), Math.Clamp(upper, Below, Above));
    }

    private static double Midpoint(double a, double b) => a + (b - a) / 2;
}
