using CreditPoC.Modeling;

namespace CreditPoC.Trial;

/// <summary>The kinds of model the trial's <c>learn</c> trains: its <c>MODEL_KIND</c> parameter.</summary>
public static class TrialModelKind
{
    public const string Parameter = "MODEL_KIND";

    public static readonly IReadOnlyList<string> All = [ModelKinds.LightGbm, ModelKinds.Scorecard];

    /// <summary>The kind, trimmed and in lower case; an unknown kind is an error naming the parameter and the kinds allowed.</summary>
    public static string Check(string? kind)
    {
        var normalized = kind?.Trim().ToLowerInvariant();
        return All.Contains(normalized) ? normalized!
            : throw new UserFacingException($"{Parameter} '{kind}' is not a model kind learn can train: expected {string.Join(" or ", All)}");
    }
}
