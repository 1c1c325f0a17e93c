using System.Globalization;

namespace CreditPoC.Modeling;

/// <summary>
/// One reason behind an applicant's score: a feature, how the applicant stands on it ("low"/"high" against the
/// training median for numbers, the category for text, "missing"), and its contribution to the raw score from ML.NET's
/// FeatureContributionCalculation, summed over the feature's slots (one-hot levels, missing indicator). Positive
/// pushes toward the positive label (e.g. default). Units: for linear models weight × standardized value (log-odds
/// for logistic regression, relative to the training mean); for tree models, per split on the applicant's path, the
/// change in output against taking the other branch, summed over trees (averaged for the random forest) — a
/// ranking of influence rather than an exact decomposition of the score.
/// </summary>
public sealed record Reason(string Feature, string Description, string Value, double Contribution)
{
    /// <summary>"EXT_SOURCE_3 low: +0.12".</summary>
    public override string ToString() =>
        $"{Feature} {Description}: {Contribution.ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture)}";
}

/// <summary>The score and top reasons of one applicant (one row of the scored data).</summary>
public sealed record ApplicantExplanation(int Row, double Probability, IReadOnlyList<Reason> Reasons)
{
    /// <summary>The reasons as one line, e.g. "EXT_SOURCE_3 low: +0.12; DAYS_BIRTH high: +0.05".</summary>
    public string ReasonText => string.Join("; ", Reasons);

    public override string ToString() =>
        $"row {Row}: probability {Probability.ToString("F3", CultureInfo.InvariantCulture)} — {ReasonText}";

    /// <summary>
    /// The explanation as a few lines a credit officer can read: the applicant, the probability of the positive
    /// label, then each reason with the applicant's value and whether it raises or lowers the risk.
    /// </summary>
    /// <param name="applicant">How to name the applicant, e.g. "SK_ID_CURR 100002".</param>
    public string ToReadableText(string applicant)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"{applicant}: probability of default {Probability.ToString("P1", CultureInfo.InvariantCulture)}");
        foreach (var reason in Reasons)
        {
            var value = reason.Value.Length == 0 || reason.Value == reason.Description ? "" : $" ({reason.Value})";
            var direction = reason.Contribution > 0 ? "raises the risk" : "lowers the risk";
            var contribution = reason.Contribution.ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture);
            text.AppendLine($"  {reason.Feature} {reason.Description}{value}: {contribution} — {direction}");
        }
        return text.ToString();
    }
}

/// <summary>Picks example applicants to explain.</summary>
public static class ApplicantExamples
{
    /// <summary>
    /// The positions of <paramref name="count"/> rows spread over the risk range by rank: the highest probability,
    /// the lowest, and rows evenly between (for three: highest, median, lowest). Ties are broken by position, so the
    /// choice is deterministic.
    /// </summary>
    public static IReadOnlyList<int> SpreadByRisk(IReadOnlyList<double> probabilities, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (count < 1) throw new UserFacingException($"count must be at least 1 (got {count})");
        if (probabilities.Count == 0) return [];
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        count = Math.Min(count, order.Length);
        if (count == 1) return [order[0]];
        return Enumerable.Range(0, count).Select(k => order[(int)Math.Round(k * (order.Length - 1) / (double)(count - 1))]).ToArray();
    }
}
