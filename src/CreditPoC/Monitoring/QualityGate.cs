namespace CreditPoC.Monitoring;

/// <summary>Limits of the quality gate (<c>parameters/monitoring.yaml</c>, section <c>gate</c>).</summary>
public sealed record GateLimits
{
    public double MinAuc { get; init; } = 0.65;

    /// <summary>An AUC above this suggests a leak (a column that carries the outcome).</summary>
    public double MaxAuc { get; init; } = 0.99;

    /// <summary>
    /// A train–validation AUC gap above this is looked into: it refuses the model only when the validation AUC also
    /// trails the simple reference model's by more than <see cref="MaxReferenceShortfall"/>; otherwise it is a warning.
    /// </summary>
    public double MaxTrainTestGap { get; init; } = 0.08;

    /// <summary>How far the validation AUC of a model with a large gap may trail the simple reference model's.</summary>
    public double MaxReferenceShortfall { get; init; } = 0.02;

    /// <summary>The mean score may differ from the base rate by at most this share of the base rate.</summary>
    public double MaxMeanScoreRelativeError { get; init; } = 0.5;

    public double MaxLatencyP99Milliseconds { get; init; } = 5;

    /// <summary>The largest share of decisions that may flip under tiny noise in the numeric inputs.</summary>
    public double MaxFlipShare { get; init; } = 0.02;
}

/// <summary>What the gate measured of a candidate model.</summary>
/// <param name="ReferenceAuc">The validation AUC of a simple reference model fitted on the same rows (measured when
/// the train–validation gap is above its limit); null when not measured.</param>
public sealed record GateInputs(
    double ValidationAuc, double TrainAuc, double MeanScore, double BaseRate, double LatencyP99Milliseconds,
    double FlipShare, IReadOnlyList<GroupFairness> Fairness, double? ReferenceAuc = null);

/// <summary>One check of the gate. A check that passed with a <paramref name="Warning"/> asks a reviewer to look.</summary>
public sealed record GateCheck(string Name, bool Passed, string Detail, bool Warning = false)
{
    /// <summary>pass, warn or FAIL.</summary>
    public string Result => !Passed ? "FAIL" : Warning ? "warn" : "pass";
}

/// <summary>The gate's verdict: a model that fails stays registered but is not promoted.</summary>
public sealed record GateResult(bool Passed, IReadOnlyList<GateCheck> Checks)
{
    public IReadOnlyList<string> FailureReasons => Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}").ToList();

    /// <summary>Checks that passed but ask a reviewer to look (a large train–validation gap with a validation AUC that holds up).</summary>
    public IReadOnlyList<string> Warnings => Checks.Where(c => c.Passed && c.Warning).Select(c => $"{c.Name}: {c.Detail}").ToList();
}

/// <summary>The checks a model must pass before it can be promoted.</summary>
public static class QualityGate
{
    /// <param name="gateAttributes">Only flagged groups of these attributes fail the fairness check; all, when null.</param>
    public static GateResult Evaluate(GateInputs inputs, GateLimits limits, IReadOnlyList<string>? gateAttributes = null)
    {
        var gap = inputs.TrainAuc - inputs.ValidationAuc;
        var meanError = inputs.BaseRate == 0 ? 0 : Math.Abs(inputs.MeanScore - inputs.BaseRate) / inputs.BaseRate;
        var gated = inputs.Fairness.Where(g => gateAttributes is null || gateAttributes.Contains(g.Attribute)).ToList();
        var unfair = gated.Where(g => g.Flagged).ToList();
        var noted = gated.Where(g => !g.Flagged && g.Notes is { Count: > 0 }).ToList();
        GateCheck[] checks =
        [
            new("minimum AUC", inputs.ValidationAuc >= limits.MinAuc, $"validation AUC {inputs.ValidationAuc:0.0000}, minimum {limits.MinAuc:0.00}"),
            new("leak check", inputs.ValidationAuc <= limits.MaxAuc, $"validation AUC {inputs.ValidationAuc:0.0000}, above {limits.MaxAuc:0.00} suggests a leak"),
            Overfitting(inputs, gap, limits),
            new("calibration", meanError <= limits.MaxMeanScoreRelativeError,
                $"mean score {inputs.MeanScore:0.0000} against base rate {inputs.BaseRate:0.0000} ({meanError:P0} off, limit {limits.MaxMeanScoreRelativeError:P0})"),
            new("latency", inputs.LatencyP99Milliseconds <= limits.MaxLatencyP99Milliseconds,
                $"single-application p99 {inputs.LatencyP99Milliseconds:0.000} ms, limit {limits.MaxLatencyP99Milliseconds} ms"),
            new("stability", inputs.FlipShare <= limits.MaxFlipShare, $"{inputs.FlipShare:P2} of decisions flip under tiny input noise, limit {limits.MaxFlipShare:P1}"),
            unfair.Count > 0
                ? new("fairness", false, string.Join("; ", unfair.Select(g => $"{g.Attribute}={g.Group}: {string.Join(", ", g.Reasons)}")))
                : noted.Count > 0
                    ? new("fairness", true, string.Join("; ", noted.Select(g => $"{g.Attribute}={g.Group}: {string.Join(", ", g.Notes!)}")) +
                                            ": a warning, not a refusal", Warning: true)
                    : new("fairness", true, "all groups within limits"),
        ];
        return new GateResult(checks.All(c => c.Passed), checks);
    }

    /// <summary>
    /// A large train–validation gap is what boosted trees show on small training sets even when they rank unseen
    /// applications well, so the gap alone does not refuse a model. What matters is the validation AUC: the model is
    /// refused when, with a gap above the limit, its validation AUC trails a simple reference model fitted on the same
    /// rows (or when no reference was measured); with a validation AUC that holds up, the gap is a warning.
    /// </summary>
    private static GateCheck Overfitting(GateInputs inputs, double gap, GateLimits limits)
    {
        const string name = "overfitting";
        var gapText = $"train-validation AUC gap {gap:0.00} (train {inputs.TrainAuc:0.0000}, validation {inputs.ValidationAuc:0.0000})";
        if (gap <= limits.MaxTrainTestGap)
            return new(name, true, $"{gapText}, limit {limits.MaxTrainTestGap:0.00}");
        if (inputs.ReferenceAuc is not { } reference || double.IsNaN(reference))
            return new(name, false, $"{gapText} > {limits.MaxTrainTestGap:0.00}, and no simple reference model was measured to show the validation AUC holds up");
        var shortfall = reference - inputs.ValidationAuc;
        return shortfall > limits.MaxReferenceShortfall
            ? new(name, false, $"{gapText} > {limits.MaxTrainTestGap:0.00}, and validation AUC trails the simple reference model's " +
                               $"{reference:0.0000} by {shortfall:0.0000} > {limits.MaxReferenceShortfall:0.00}: the model learned the training rows, not the pattern")
            : new(name, true, $"{gapText} > {limits.MaxTrainTestGap:0.00}, but validation AUC holds up against the simple reference model's " +
                              $"{reference:0.0000} (shortfall limit {limits.MaxReferenceShortfall:0.00}): a warning, not a refusal", Warning: true);
    }
}
