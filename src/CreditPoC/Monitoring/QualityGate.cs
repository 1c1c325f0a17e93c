namespace CreditPoC.Monitoring;

/// <summary>Limits of the quality gate (<c>parameters/monitoring.yaml</c>, section <c>gate</c>).</summary>
public sealed record GateLimits
{
    public double MinAuc { get; init; } = 0.65;

    /// <summary>An AUC above this suggests a leak (a column that carries the outcome).</summary>
    public double MaxAuc { get; init; } = 0.99;

    public double MaxTrainTestGap { get; init; } = 0.08;

    /// <summary>The mean score may differ from the base rate by at most this share of the base rate.</summary>
    public double MaxMeanScoreRelativeError { get; init; } = 0.5;

    public double MaxLatencyP99Milliseconds { get; init; } = 5;

    /// <summary>The largest share of decisions that may flip under tiny noise in the numeric inputs.</summary>
    public double MaxFlipShare { get; init; } = 0.02;
}

/// <summary>What the gate measured of a candidate model.</summary>
public sealed record GateInputs(
    double ValidationAuc, double TrainAuc, double MeanScore, double BaseRate, double LatencyP99Milliseconds,
    double FlipShare, IReadOnlyList<GroupFairness> Fairness);

/// <summary>One check of the gate.</summary>
public sealed record GateCheck(string Name, bool Passed, string Detail);

/// <summary>The gate's verdict: a model that fails stays registered but is not promoted.</summary>
public sealed record GateResult(bool Passed, IReadOnlyList<GateCheck> Checks)
{
    public IReadOnlyList<string> FailureReasons => Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}").ToList();
}

/// <summary>The checks a model must pass before it can be promoted.</summary>
public static class QualityGate
{
    /// <param name="gateAttributes">Only flagged groups of these attributes fail the fairness check; all, when null.</param>
    public static GateResult Evaluate(GateInputs inputs, GateLimits limits, IReadOnlyList<string>? gateAttributes = null)
    {
        var gap = inputs.TrainAuc - inputs.ValidationAuc;
        var meanError = inputs.BaseRate == 0 ? 0 : Math.Abs(inputs.MeanScore - inputs.BaseRate) / inputs.BaseRate;
        var unfair = inputs.Fairness.Where(g => g.Flagged && (gateAttributes is null || gateAttributes.Contains(g.Attribute))).ToList();
        GateCheck[] checks =
        [
            new("minimum AUC", inputs.ValidationAuc >= limits.MinAuc, $"validation AUC {inputs.ValidationAuc:0.0000}, minimum {limits.MinAuc:0.00}"),
            new("leak check", inputs.ValidationAuc <= limits.MaxAuc, $"validation AUC {inputs.ValidationAuc:0.0000}, above {limits.MaxAuc:0.00} suggests a leak"),
            new("overfitting", gap <= limits.MaxTrainTestGap, $"train-validation AUC gap {gap:0.0000}, limit {limits.MaxTrainTestGap:0.00}"),
            new("calibration", meanError <= limits.MaxMeanScoreRelativeError,
                $"mean score {inputs.MeanScore:0.0000} against base rate {inputs.BaseRate:0.0000} ({meanError:P0} off, limit {limits.MaxMeanScoreRelativeError:P0})"),
            new("latency", inputs.LatencyP99Milliseconds <= limits.MaxLatencyP99Milliseconds,
                $"single-application p99 {inputs.LatencyP99Milliseconds:0.000} ms, limit {limits.MaxLatencyP99Milliseconds} ms"),
            new("stability", inputs.FlipShare <= limits.MaxFlipShare, $"{inputs.FlipShare:P2} of decisions flip under tiny input noise, limit {limits.MaxFlipShare:P1}"),
            new("fairness", unfair.Count == 0, unfair.Count == 0 ? "all groups within limits"
                : string.Join("; ", unfair.Select(g => $"{g.Attribute}={g.Group}: {string.Join(", ", g.Reasons)}"))),
        ];
        return new GateResult(checks.All(c => c.Passed), checks);
    }
}
