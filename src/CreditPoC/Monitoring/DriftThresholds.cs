namespace CreditPoC.Monitoring;

/// <summary>
/// When a feature counts as drifted, and when the batch as a whole is WARN or ALERT
/// (<c>parameters/monitoring.yaml</c>, section <c>drift</c>). PSI bands are the usual 0.1 and 0.25.
/// </summary>
public sealed record DriftThresholds
{
    public double PsiWarn { get; init; } = 0.1;
    public double PsiAlert { get; init; } = 0.25;

    /// <summary>A change in the missing share (absolute) that counts as drift.</summary>
    public double MissingRateChange { get; init; } = 0.10;

    /// <summary>A new category that covers at least this share of the batch counts as drift.</summary>
    public double NewCategoryShare { get; init; } = 0.01;

    /// <summary>The batch is ALERT when at least this share of features drifted, even if no single one is past the alert band.</summary>
    public double DriftedShareAlert { get; init; } = 0.3;

    /// <summary>The significance level of the KS and chi-square tests, reported beside PSI.</summary>
    public double PValue { get; init; } = 0.01;
}

public enum DriftStatus { OK, WARN, ALERT }
