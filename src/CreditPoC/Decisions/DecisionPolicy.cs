using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CreditPoC.Decisions;

/// <summary>
/// The two-stage decision of <c>parameters/decision_policy.yaml</c>: hard screening rules first (a reject rule beats
/// a review rule), then the score bands. Bands are given directly or derived on validation data from a target.
/// </summary>
public sealed class DecisionPolicy
{
    public required IReadOnlyList<ScreeningRule> Rules { get; init; }

    /// <summary>Fixed bands from the file, or null when they are derived from <see cref="Target"/>.</summary>
    public ScoreBands? Bands { get; init; }

    /// <summary>The accuracy targets that bands are derived from when not given directly.</summary>
    public (double ApproveAccuracy, double RejectAccuracy)? Target { get; init; }

    /// <summary>The columns the rules read; a batch without one of them is an error.</summary>
    public IReadOnlyList<string> RequiredColumns() => Rules.SelectMany(r => r.RequiredColumns()).Distinct().ToList();

    /// <summary>The bands in force: the fixed ones, or those derived on validation scores and outcomes.</summary>
    public ScoreBands ResolveBands(IReadOnlyList<double>? validationScores = null, IReadOnlyList<bool>? validationDefaulted = null)
    {
        if (Bands is not null) return Bands;
        if (Target is not { } target)
            throw new UserFacingException("decision policy gives neither thresholds (lower, upper) nor a target");
        if (validationScores is null || validationDefaulted is null)
            throw new UserFacingException("decision policy derives its thresholds from a target, which needs validation scores and outcomes");
        return ScoreBands.Derive(validationScores, validationDefaulted, target.ApproveAccuracy, target.RejectAccuracy);
    }

    /// <summary>Decides one application: <paramref name="read"/> gives a column's value (null when missing).</summary>
    public Decision Decide(Func<string, object?> read, double score, ScoreBands bands)
    {
        var fired = Rules.Where(r => r.Fires(read)).ToList();
        if (fired.Count > 0)
        {
            var outcome = fired.Any(r => r.Decision == DecisionOutcome.Reject) ? DecisionOutcome.Reject
                : fired.Any(r => r.Decision == DecisionOutcome.Review) ? DecisionOutcome.Review
                : DecisionOutcome.Approve;
            return new Decision(outcome, fired.Select(r => r.Name).ToList(), DecidedByRule: true);
        }
        return new Decision(bands.Decide(score), [], DecidedByRule: false);
    }

    public static DecisionPolicy Load(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"decision policy {path} does not exist");
        PolicyFile file;
        try
        {
            file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<PolicyFile>(File.ReadAllText(path)) ?? new PolicyFile();
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"{path} line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
        return FromFile(file, path);
    }

    private static DecisionPolicy FromFile(PolicyFile file, string path)
    {
        var rules = new List<ScreeningRule>();
        foreach (var (rule, index) in (file.Rules ?? []).Select((r, i) => (r, i + 1)))
        {
            var where = $"{path}: rule {index}{(rule.Name is null ? "" : $" '{rule.Name}'")}";
            if (string.IsNullOrWhiteSpace(rule.Column)) throw new UserFacingException($"{where} has no column");
            if (rule.Operator is null || !ScreeningRule.Operators.Contains(rule.Operator))
                throw new UserFacingException($"{where}: operator must be one of {string.Join(" ", ScreeningRule.Operators)}, got '{rule.Operator}'");
            if (rule.Value is null) throw new UserFacingException($"{where} has no value");
            if (!Enum.TryParse<DecisionOutcome>(rule.Decision, ignoreCase: true, out var decision))
                throw new UserFacingException($"{where}: decision must be approve, reject or review, got '{rule.Decision}'");
            rules.Add(new ScreeningRule(rule.Name ?? $"rule_{index}", rule.Column, rule.Operator, rule.Value, decision, rule.Per, rule.Reason));
        }

        var thresholds = file.Thresholds ?? throw new UserFacingException($"{path} has no 'thresholds' section (lower and upper, or a target)");
        ScoreBands? bands = null;
        (double, double)? target = null;
        if (thresholds.Lower is { } lower && thresholds.Upper is { } upper)
        {
            if (lower > upper) throw new UserFacingException($"{path}: thresholds.lower ({lower}) is above thresholds.upper ({upper})");
            bands = new ScoreBands(lower, upper);
        }
        else if (thresholds.Target is { } t)
        {
            target = (t.ApproveAccuracy ?? t.MinAccuracy ?? throw new UserFacingException($"{path}: thresholds.target needs approve_accuracy (or min_accuracy)"),
                      t.RejectAccuracy ?? t.MinAccuracy ?? throw new UserFacingException($"{path}: thresholds.target needs reject_accuracy (or min_accuracy)"));
        }
        else
        {
            throw new UserFacingException($"{path}: thresholds needs both lower and upper, or a target");
        }
        return new DecisionPolicy { Rules = rules, Bands = bands, Target = target };
    }

    private sealed class PolicyFile
    {
        public List<RuleEntry>? Rules { get; set; }
        public ThresholdsEntry? Thresholds { get; set; }
    }

    private sealed class RuleEntry
    {
        public string? Name { get; set; }
        public string? Column { get; set; }
        public string? Per { get; set; }
        public string? Operator { get; set; }
        public string? Value { get; set; }
        public string? Decision { get; set; }
        public string? Reason { get; set; }
    }

    private sealed class ThresholdsEntry
    {
        public double? Lower { get; set; }
        public double? Upper { get; set; }
        public TargetEntry? Target { get; set; }
    }

    private sealed class TargetEntry
    {
        public double? MinAccuracy { get; set; }
        public double? ApproveAccuracy { get; set; }
        public double? RejectAccuracy { get; set; }
    }
}
