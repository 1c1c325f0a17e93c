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
}
