using CreditPoC.Metrics;

namespace CreditPoC.Monitoring;

/// <summary>Limits for the fairness report (<c>parameters/monitoring.yaml</c>, section <c>fairness</c>).</summary>
public sealed record FairnessLimits
{
    /// <summary>The four-fifths rule: a group's approval rate over the most-approved group's.</summary>
    public double MinApprovalRatio { get; init; } = 0.8;

    /// <summary>The largest allowed gap between a group's true-positive rate (defaults caught) and the best group's.</summary>
    public double MaxTprDifference { get; init; } = 0.1;

    /// <summary>Groups smaller than this are reported but never flagged (their rates are too noisy).</summary>
    public int MinGroupSize { get; init; } = 100;

    /// <summary>
    /// A true-positive-rate gap above <see cref="MaxTprDifference"/> is flagged only when it is at least this many
    /// standard errors wide, i.e. when the data can tell it from chance. The rate is a share of the group's defaults,
    /// which are few: with 50 defaults in each of two groups its standard error is 0.1, as large as the limit, and the
    /// gap's sign flips from one sample to the next. A gap above the limit that chance could explain is a note for a
    /// reviewer, not a flag.
    /// </summary>
    public double TprDifferenceZ { get; init; } = 1.96;

    /// <summary>
    /// The attributes whose flagged groups fail the quality gate. Other attributes (such as the age band, a
    /// legitimate risk factor) are reported and flagged for a person to judge, but do not block a model.
    /// </summary>
    public string[] GateAttributes { get; init; } = DefaultGateAttributes;

    private static readonly string[] DefaultGateAttributes = ["CODE_GENDER"];
}

/// <summary>One group's row of the fairness table.</summary>
/// <param name="Notes">What is over a limit but not flagged, because the data cannot tell it from chance.</param>
/// <param name="Defaults">The group's rows that defaulted, which the true-positive rate is a share of.</param>
public sealed record GroupFairness(
    string Attribute, string Group, int Count, double ApprovalRate, double ApprovalRatio, double? Auc,
    double? TruePositiveRate, double TprDifference, double ReviewShare, bool Flagged, IReadOnlyList<string> Reasons,
    IReadOnlyList<string>? Notes = null, int Defaults = 0);

/// <summary>
/// Fairness across groups (e.g. CODE_GENDER, age band): approval rate and its ratio to the most-approved group,
/// AUC within the group, the true-positive-rate gap (the share of defaults the model sends away from approval) and
/// the share sent to review.
/// </summary>
public static class Fairness
{
    /// <param name="groups">The group of each application (null = unknown, left out).</param>
    /// <param name="approved">Whether the decision was approve.</param>
    /// <param name="review">Whether the decision was review.</param>
    /// <param name="scores">The model's score (probability of default).</param>
    /// <param name="defaulted">The outcome, or null where it is not known yet.</param>
    public static IReadOnlyList<GroupFairness> Compute(string attribute, IReadOnlyList<string?> groups, IReadOnlyList<bool> approved,
        IReadOnlyList<bool> review, IReadOnlyList<double> scores, IReadOnlyList<bool?> defaulted, FairnessLimits limits)
    {
        var rows = Enumerable.Range(0, groups.Count).Where(i => groups[i] is not null).GroupBy(i => groups[i]!, StringComparer.Ordinal)
            .Select(g =>
            {
                var members = g.ToList();
                var labelled = members.Where(i => defaulted[i] is not null).ToList();
                var positives = labelled.Where(i => defaulted[i] == true).ToList();
                var hasBothClasses = positives.Count > 0 && positives.Count < labelled.Count;
                return new
                {
                    Group = g.Key,
                    Count = members.Count,
                    ApprovalRate = members.Count(i => approved[i]) / (double)members.Count,
                    ReviewShare = members.Count(i => review[i]) / (double)members.Count,
                    Auc = hasBothClasses ? RocAuc.Compute(labelled.Select(i => scores[i]).ToList(), labelled.Select(i => defaulted[i] == true).ToList()) : (double?)null,
                    Tpr = positives.Count > 0 ? positives.Count(i => !approved[i]) / (double)positives.Count : (double?)null,
                    Defaults = positives.Count,
                };
            })
            .OrderBy(r => r.Group, StringComparer.Ordinal)
            .ToList();

        var eligible = rows.Where(r => r.Count >= limits.MinGroupSize).ToList();
        var bestApproval = eligible.Select(r => r.ApprovalRate).DefaultIfEmpty(rows.Select(r => r.ApprovalRate).DefaultIfEmpty(0).Max()).Max();
        var best = eligible.Where(r => r.Tpr is not null).OrderByDescending(r => r.Tpr!.Value).FirstOrDefault();
        var bestTpr = best?.Tpr ?? 0;
        return rows.Select(r =>
        {
            var ratio = bestApproval == 0 ? 1 : r.ApprovalRate / bestApproval;
            var tprGap = r.Tpr is { } tpr ? bestTpr - tpr : 0;
            var reasons = new List<string>();
            var notes = new List<string>();
            if (r.Count >= limits.MinGroupSize)
            {
                if (ratio < limits.MinApprovalRatio) reasons.Add($"approval ratio {ratio:0.00} below {limits.MinApprovalRatio:0.00} (four-fifths rule)");
                if (tprGap > limits.MaxTprDifference)
                {
                    // The standard error of the difference of two shares of defaults.
                    var error = Math.Sqrt(bestTpr * (1 - bestTpr) / best!.Defaults + r.Tpr!.Value * (1 - r.Tpr.Value) / r.Defaults);
                    var gap = $"true-positive rate {tprGap:0.00} below the best group (limit {limits.MaxTprDifference:0.00})";
                    if (tprGap >= limits.TprDifferenceZ * error) reasons.Add(gap);
                    else notes.Add($"{gap}, but within chance on {r.Defaults:N0} and {best.Defaults:N0} defaults (standard error {error:0.00})");
                }
            }
            return new GroupFairness(attribute, r.Group, r.Count, r.ApprovalRate, ratio, r.Auc, r.Tpr, tprGap, r.ReviewShare, reasons.Count > 0, reasons,
                notes, r.Defaults);
        }).ToList();
    }

    /// <summary>The age band of an applicant from DAYS_BIRTH (negative days before the application).</summary>
    public static string? AgeBand(double? daysBirth)
    {
        if (daysBirth is not { } days || double.IsNaN(days)) return null;
        var age = -days / 365.25;
        return age switch
        {
            < 25 => "<25",
            < 35 => "25-34",
            < 45 => "35-44",
            < 55 => "45-54",
            < 65 => "55-64",
            _ => "65+",
        };
    }
}
