using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace CreditPoC.Modeling;

/// <summary>What fitting one model family on one set of rows produced.</summary>
internal sealed class FitResult
{
    public required ITransformer Preprocessor { get; init; }
    public required ITransformer Predictor { get; init; }
    /// <summary>Platt calibrator for trainers without probabilities (only when a full model was asked for).</summary>
    public ITransformer? Calibrator { get; init; }
    /// <summary>Feature contributions per row (only when a full model was asked for).</summary>
    public ITransformer? Contributions { get; init; }
    /// <summary>Split-gain importance per Features slot for tree models.</summary>
    public float[]? GainWeights { get; init; }
    /// <summary>Boosting rounds kept (LightGBM) or trees.</summary>
    public int? Rounds { get; init; }
    public required DataViewSchema FeaturesSchema { get; init; }

    /// <summary>Preprocessing, predictor, calibrator and contributions as one flat chain.</summary>
    public TransformerChain<ITransformer> FullChain()
    {
        var parts = new List<ITransformer>();
        if (Preprocessor is IEnumerable<ITransformer> steps) parts.AddRange(steps);
        else parts.Add(Preprocessor);
        parts.Add(Predictor);
        if (Calibrator is not null) parts.Add(Calibrator);
        if (Contributions is not null) parts.Add(Contributions);
        return new TransformerChain<ITransformer>(parts.ToArray());
    }
}

/// <summary>Fits the preprocessing and the trainer of one model family; a fresh seeded MLContext per fit keeps
/// every fit reproducible whatever ran before it.</summary>
internal static class ModelFitter
{
    public static FitResult Fit(ModelSpec spec, FeaturePlan plan, IDataView train, int seed, int threads, bool full)
    {
        var ml = new MLContext(seed);
        var preprocessor = PreprocessingPipeline.Build(ml, plan, spec).Fit(train);
        var trainFeatures = preprocessor.Transform(train);
        if (spec.Id is "lr" or "svm")
            trainFeatures = ml.Data.Cache(trainFeatures);
        var slotCount = ((VectorDataViewType)trainFeatures.Schema[PreprocessingPipeline.Features].Type).Size;

        ITransformer predictor;
        Func<IEstimator<ITransformer>>? contributions = null;
        float[]? gain = null;
        int? rounds = null;
        switch (spec.Id)
        {
            case "lr":
            {
                var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }).Fit(trainFeatures);
                predictor = model;
                contributions = () => ml.Transforms.CalculateFeatureContribution(model, slotCount, slotCount, normalize: false);
                break;
            }
            case "dt":
            {
                var model = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                {
                    NumberOfTrees = 1, NumberOfLeaves = 32, MinimumExampleCountPerLeaf = 10, LearningRate = 1,
                    NumberOfThreads = threads, Seed = seed,
                }).Fit(trainFeatures);
                predictor = model;
                gain = GainWeights(model.Model.SubModel.TrainedTreeEnsemble.Trees, slotCount);
                rounds = model.Model.SubModel.TrainedTreeEnsemble.Trees.Count;
                contributions = () => ml.Transforms.CalculateFeatureContribution(model, slotCount, slotCount, normalize: false);
                break;
            }
            case "rf":
            {
                var model = ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
                {
                    NumberOfTrees = 100, NumberOfLeaves = 32, MinimumExampleCountPerLeaf = 10,
                    NumberOfThreads = threads, Seed = seed,
                }).Fit(trainFeatures);
                predictor = model;
                gain = GainWeights(model.Model.TrainedTreeEnsemble.Trees, slotCount);
                rounds = model.Model.TrainedTreeEnsemble.Trees.Count;
                contributions = () => ml.Transforms.CalculateFeatureContribution(model, slotCount, slotCount, normalize: false);
                break;
            }
            case "svm":
            {
                var model = ml.BinaryClassification.Trainers.LinearSvm(
                    new LinearSvmTrainer.Options { NumberOfIterations = 10 }).Fit(trainFeatures);
                predictor = model;
                contributions = () => ml.Transforms.CalculateFeatureContribution(model, slotCount, slotCount, normalize: false);
                break;
            }
            default:
                throw new UserFacingException($"unknown model '{spec.Id}'; known models are: {string.Join(", ", ModelCatalog.Ids)}");
        }

        ITransformer? calibrator = null;
        ITransformer? contributionTransformer = null;
        if (full)
        {
            var scored = predictor.Transform(trainFeatures);
            if (!spec.Calibrated)
                calibrator = ml.BinaryClassification.Calibrators.Platt().Fit(scored);
            contributionTransformer = contributions!().Fit(trainFeatures);
        }
        return new FitResult
        {
            Preprocessor = preprocessor, Predictor = predictor, Calibrator = calibrator,
            Contributions = contributionTransformer, GainWeights = gain, Rounds = rounds,
            FeaturesSchema = trainFeatures.Schema,
        };
    }

    /// <summary>
    /// Split gain summed per Features slot. Computed from the trees rather than with ML.NET's GetFeatureWeights,
    /// which throws IndexOutOfRangeException on some LightGBM ensembles (dotnet/machinelearning#6032).
    /// </summary>
    internal static float[] GainWeights(IEnumerable<RegressionTreeBase> trees, int slotCount)
    {
        var weights = new double[slotCount];
        foreach (var tree in trees)
        {
            var features = tree.NumericalSplitFeatureIndexes;
            var gains = tree.SplitGains;
            for (var node = 0; node < tree.NumberOfNodes && node < features.Count && node < gains.Count; node++)
            {
                var slot = features[node];
                // LightGBM's native categorical splits (on a one-hot group) carry -1 here; their slots all belong to
                // one source column, so the gain goes to the first of them.
                if (slot < 0 && node < tree.CategoricalSplitFlags.Count && tree.CategoricalSplitFlags[node])
                    slot = tree.GetCategoricalSplitFeaturesAt(node).DefaultIfEmpty(-1).First();
                if (slot >= 0 && slot < slotCount && double.IsFinite(gains[node]))
                    weights[slot] += gains[node];
            }
        }
        return weights.Select(w => (float)w).ToArray();
    }
}
