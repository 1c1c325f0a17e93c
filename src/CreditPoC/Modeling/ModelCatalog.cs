namespace CreditPoC.Modeling;

/// <summary>A model family the experiment knows.</summary>
/// <param name="Id">The short name used in <c>include</c> (lr, dt, rf, svm, lightgbm).</param>
/// <param name="Name">A readable name.</param>
/// <param name="Trainer">The ML.NET trainer behind it.</param>
/// <param name="HandlesMissing">True when the trainer handles NaN itself (no imputation).</param>
/// <param name="NeedsScaling">True when features are standardized first.</param>
/// <param name="Calibrated">True when the trainer outputs a probability; others get a Platt calibrator for Predict.</param>
public sealed record ModelSpec(string Id, string Name, string Trainer, bool HandlesMissing, bool NeedsScaling, bool Calibrated);

/// <summary>The five model families of the PoC comparison.</summary>
public static class ModelCatalog
{
    /// <summary>
    /// dt is FastTree with one tree and learning rate 1: a single regression tree grown on the log-loss gradient of
    /// all rows and all features, which is what a plain decision tree is. FastForest with one tree would bag rows
    /// and sample features, i.e. one tree of a forest rather than a decision tree.
    /// </summary>
    public static IReadOnlyList<ModelSpec> All { get; } =
    [
        new("lr", "Logistic Regression", "LbfgsLogisticRegression", HandlesMissing: false, NeedsScaling: true, Calibrated: true),
        new("dt", "Decision Tree", "FastTree (1 tree, 32 leaves, learning rate 1)", HandlesMissing: false, NeedsScaling: false, Calibrated: true),
        new("rf", "Random Forest", "FastForest (100 trees, 32 leaves)", HandlesMissing: false, NeedsScaling: false, Calibrated: false),
        new("svm", "Linear SVM", "LinearSvm", HandlesMissing: false, NeedsScaling: true, Calibrated: false),
        new("lightgbm", "LightGBM", "LightGbm (parameters scaled to the rows, early stopping)", HandlesMissing: true, NeedsScaling: false, Calibrated: true),
    ];

    public static IReadOnlyList<string> Ids => All.Select(m => m.Id).ToList();

    /// <summary>
    /// The points-based scorecard (see <see cref="Scorecards.Scorecard"/>): not an ML.NET model, so CreateModel and
    /// TuneModel do not take it, but CompareModels ranks it beside the five, binning inside each fold.
    /// </summary>
    public static ModelSpec Scorecard { get; } = new("scorecard", "Scorecard", "BinningProcess (WoE) + LbfgsLogisticRegression, in points",
        HandlesMissing: true, NeedsScaling: false, Calibrated: true);

    /// <summary>The ids CompareModels takes: the five families and the scorecard.</summary>
    public static IReadOnlyList<string> ComparableIds => [.. Ids, Scorecard.Id];

    /// <summary>The spec for an id (one of <see cref="ComparableIds"/>); an unknown id is a <see cref="UserFacingException"/> listing the known ones.</summary>
    public static ModelSpec Get(string id) =>
        All.Append(Scorecard).FirstOrDefault(m => string.Equals(m.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UserFacingException($"unknown model '{id}'; known models are: {string.Join(", ", ComparableIds)}");
}
