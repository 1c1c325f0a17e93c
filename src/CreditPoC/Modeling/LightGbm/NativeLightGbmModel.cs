namespace CreditPoC.Modeling;

/// <summary>
/// A LightGBM model trained through LightGBM's C API: the feature layout (from the model's <see cref="FeaturePlan"/>)
/// and the trees in LightGBM's own model text. LightGBM's Booster, loaded from that text, is the reference path;
/// raw scores are log-odds and the probability is their logistic function (LightGBM's binary objective).
/// </summary>
internal sealed class NativeLightGbmModel : IDisposable
{
    private readonly Lazy<LightGbmBooster> _booster;
    private readonly Lazy<FlatTreeEnsemble> _trees;

    public NativeLightGbmModel(LightGbmFeatures features, string modelText)
    {
        Features = features;
        ModelText = modelText;
        _booster = new(() => LightGbmBooster.FromModelText(modelText), LazyThreadSafetyMode.ExecutionAndPublication);
        _trees = new(() => FlatTreeEnsemble.FromModelText(modelText), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public LightGbmFeatures Features { get; }

    /// <summary>The trees in LightGBM's text format (Python: <c>lightgbm.Booster(model_str=…)</c>).</summary>
    public string ModelText { get; }

    /// <summary>The trees as flat arrays, read from the model text (on first use): our scorer and TreeSHAP.</summary>
    public FlatTreeEnsemble Trees => _trees.Value;

    /// <summary>LightGBM's own Booster for this model (loaded on first use): the reference our scorer is checked against.</summary>
    public LightGbmBooster Booster => _booster.Value;

    /// <summary>LightGBM's own raw scores (log-odds) for every row of a matrix.</summary>
    public double[] ReferenceRawScores(FeatureMatrix matrix, int threads) => Booster.Predict(matrix, LightGbmNative.PredictRawScore, threads);

    /// <summary>The raw score (log-odds) of one row of features.</summary>
    public double RawScore(float[] row) => Trees.Output(row);

    /// <summary>The TreeSHAP values of one row's features, then the expected value (Columns + 1 numbers summing to the raw score).</summary>
    public void Contributions(float[] row, double[] phi, TreeShapWorkspace workspace) => Trees.Contributions(row, phi, workspace);

    public static double Probability(double rawScore) => 1 / (1 + Math.Exp(-rawScore));

    public void Dispose()
    {
        if (_booster.IsValueCreated) _booster.Value.Dispose();
    }
}
