namespace CreditPoC.Decisions;

/// <summary>What happens to an application.</summary>
public enum DecisionOutcome { Approve, Reject, Review }

/// <summary>The decision on one application, with the screening rules that fired and whether the score decided it.</summary>
public sealed record Decision(DecisionOutcome Outcome, IReadOnlyList<string> FiredRules, bool DecidedByRule)
{
    /// <summary>approve, reject or review, as written to predictions.csv.</summary>
    public string Label => Outcome.ToString().ToLowerInvariant();

    /// <summary>True when no person needs to look at it.</summary>
    public bool Automated => Outcome != DecisionOutcome.Review;
}
