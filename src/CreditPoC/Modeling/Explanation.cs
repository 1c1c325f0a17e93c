using System.Globalization;

namespace CreditPoC.Modeling;

/// <summary>What a <see cref="Reason.Contribution"/> is measured in.</summary>
public enum ReasonUnit
{
    /// <summary>ML.NET's FeatureContributionCalculation for tree models: per split on the applicant's path, the change in
    /// output against taking the other branch, summed over trees (averaged for the random forest). A ranking of
    /// influence, not an exact decomposition of the score.</summary>
    Influence,

    /// <summary>Log-odds of the positive label: a linear model's weight × standardized value, or an additive
    /// decomposition such as TreeSHAP.</summary>
    LogOdds,

    /// <summary>Scorecard points: the points the applicant lost on the characteristic against its best bin.</summary>
    Points,
}

/// <summary>Which way a reason moves the applicant.</summary>
public enum ReasonDirection
{
    /// <summary>Toward the positive label (default): higher risk.</summary>
    RaisesRisk,

    /// <summary>Away from the positive label: lower risk.</summary>
    LowersRisk,
}

/// <summary>
/// One reason behind an applicant's score, the same record for every kind of model: the feature, how the applicant
/// stands on it (<see cref="Description"/>: "low"/"high" against the training median for numbers, the category for
/// text, "missing", or a scorecard's bin), the applicant's <see cref="Value"/>, the <see cref="Contribution"/> in its
/// <see cref="Unit"/>, and its <see cref="Direction"/>. A positive contribution pushes toward the positive label
/// (default) in every unit, so that a scorecard's points lost and a model's log-odds sort and read the same way.
/// </summary>
public sealed record Reason(string Feature, string Description, string Value, double Contribution, ReasonUnit Unit = ReasonUnit.Influence)
{
    public ReasonDirection Direction => Contribution > 0 ? ReasonDirection.RaisesRisk : ReasonDirection.LowersRisk;

    /// <summary>
    /// In log-odds, "EXT_SOURCE_3 = 0.21: +0.42 log-odds toward default"; in points, "EXT_SOURCE_3 [0.1, 0.3): -23 points"
    /// (the points it cost); an influence ranking, "EXT_SOURCE_3 low: +0.12".
    /// </summary>
    public override string ToString() => Unit switch
    {
        ReasonUnit.Points => $"{Feature} {Description}: {(-Contribution).ToString("+0;-0;0", CultureInfo.InvariantCulture)} points",
        ReasonUnit.LogOdds => $"{Feature} {Standing}: {ContributionText} {(Contribution > 0 ? "toward" : "away from")} default",
        _ => $"{Feature} {Description}: {Contribution.ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture)}",
    };

    /// <summary>"= 0.21" for a number, "= Cash loans" for a category, "missing".</summary>
    private string Standing => Description is "low" or "high" or "typical" ? $"= {Value}"
        : Value.Length == 0 ? Description
        : $"= {Description}";

    /// <summary>The contribution with its unit, e.g. "+0.42 log-odds", "-23 points".</summary>
    public string ContributionText => Unit switch
    {
        ReasonUnit.Points => $"{(-Contribution).ToString("+0;-0;0", CultureInfo.InvariantCulture)} points",
        ReasonUnit.LogOdds => $"{Contribution.ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture)} log-odds",
        _ => Contribution.ToString("+0.00;-0.00;+0.00", CultureInfo.InvariantCulture),
    };
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
            var direction = reason.Direction == ReasonDirection.RaisesRisk ? "raises the risk" : "lowers the risk";
            text.AppendLine($"  {reason.Feature} {reason.Description}{value}: {reason.ContributionText} — {direction}");
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
