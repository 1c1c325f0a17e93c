using CreditPoC.Tables;

namespace CreditPoC.Validation;

/// <summary>The target's figures: rate of positives and the values seen.</summary>
public sealed record TargetSummary(string Column, string PositiveLabel, string? NegativeLabel, long Positives,
    long Negatives, long Missing, double PositiveRate, IReadOnlyDictionary<string, long> ValueCounts);

/// <summary>
/// Sanity of the target: it must hold the positive label and exactly one other value (error otherwise), both
/// classes must occur (error), and missing targets are a warning. The positive label is matched by
/// <see cref="TargetVector.Matches"/>.
/// </summary>
public static class TargetCheck
{
    /// <summary>Summarises <paramref name="target"/> and lists its issues.</summary>
    public static (TargetSummary Summary, List<ValidationIssue> Issues) Check(TargetVector target)
    {
        var issues = new List<ValidationIssue>();
        var values = target.ValueCounts;
        var others = target.OtherValues;
        if (!target.HasPositive)
            issues.Add(new(Severity.Error, "target_single_class", target.Column, 0,
                $"{target.PositiveNotFoundMessage()}; check POSITIVE_LABEL"));
        else if (others.Count > 1)
            issues.Add(new(Severity.Error, "target_labels", target.Column, others.Count,
                $"{target.Column} has {values.Count} distinct values ({target.Seen()}); expected the positive label " +
                $"'{target.PositiveLabel}' and one negative label ({TargetVector.MatchingRule})"));
        else if (others.Count == 0)
            issues.Add(new(Severity.Error, "target_single_class", target.Column, 1,
                target.SingleClassMessage()));
        if (target.Missing > 0)
            issues.Add(new(Severity.Warning, "target_missing", target.Column, target.Missing,
                $"{target.Missing:N0} row(s) have no {target.Column}; they cannot be used for training"));
        var summary = new TargetSummary(target.Column, target.PositiveLabel, target.NegativeLabel, target.Positives,
            target.Negatives, target.Missing, target.PositiveRate, values);
        return (summary, issues);
    }
}
