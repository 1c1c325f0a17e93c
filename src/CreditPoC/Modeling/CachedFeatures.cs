using Microsoft.ML;
using Microsoft.ML.Data;

namespace CreditPoC.Modeling;

/// <summary>
/// The preprocessing fitted once on a set of fit rows, and the Features vector and Label of the fit rows and the
/// validation rows held in memory: for fitting many LightGBM models on the same rows (TuneModel's trials) without
/// refitting and rerunning the ML.NET preprocessing for each. A fit here gives the model <see cref="ModelFitter.Fit"/>
/// gives for the same rows, parameters and seed (the preprocessing has no randomness, and LightGBM is trained by
/// the same <see cref="ModelFitter.FitLightGbm"/>, in a fresh seeded context, on the same rows in the same order). Safe to fit from several
/// threads at once, truly in parallel (see <see cref="IsolatedLightGbm"/>): the cache is filled completely before it is shared.
/// </summary>
internal sealed class CachedFeatures
{
    private CachedFeatures(ITransformer preprocessor, IDataView fit, IDataView validation)
    {
        Preprocessor = preprocessor;
        Fit = fit;
        Validation = validation;
    }

    public ITransformer Preprocessor { get; }
    /// <summary>Features and Label of the fit rows.</summary>
    public IDataView Fit { get; }
    /// <summary>Features and Label of the validation rows.</summary>
    public IDataView Validation { get; }

    public static CachedFeatures Prepare(ModelSpec spec, FeaturePlan plan, IDataView fitRows, IDataView validationRows, int seed)
    {
        var ml = new MLContext(seed);
        var preprocessor = PreprocessingPipeline.Build(ml, plan, spec).Fit(fitRows);
        return new CachedFeatures(preprocessor, Materialize(ml, preprocessor.Transform(fitRows)),
            Materialize(ml, preprocessor.Transform(validationRows)));
    }

    /// <summary>Fits LightGBM on the cached fit rows, stopping early on the cached validation rows.</summary>
    public FitResult FitLightGbm(LightGbmParameters parameters, int seed, int threads)
    {
        var (model, trees) = IsolatedLightGbm.Fit(Fit, Validation, parameters, seed, threads);
        var slotCount = ((VectorDataViewType)Fit.Schema[PreprocessingPipeline.Features].Type).Size;
        return new FitResult
        {
            Preprocessor = Preprocessor, Predictor = model, GainWeights = ModelFitter.GainWeights(trees, slotCount),
            Rounds = trees.Count, FeaturesSchema = Fit.Schema,
        };
    }

    /// <summary>Validation scores of a predictor fitted here, in validation row order.</summary>
    public float[] ValidationScores(ITransformer predictor) => predictor.Transform(Validation).GetColumn<float>("Score").ToArray();

    private static IDataView Materialize(MLContext ml, IDataView features)
    {
        var kept = ml.Transforms.SelectColumns(PreprocessingPipeline.Features, ColumnTable.LabelColumn).Fit(features).Transform(features);
        var cached = ml.Data.Cache(kept, PreprocessingPipeline.Features, ColumnTable.LabelColumn);
        // Fill the cache now, on this thread, so that concurrent readers later only read it.
        using (var cursor = cached.GetRowCursor(cached.Schema))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(cached.Schema[PreprocessingPipeline.Features]);
            var label = cursor.GetGetter<bool>(cached.Schema[ColumnTable.LabelColumn]);
            var vector = default(VBuffer<float>);
            var value = false;
            while (cursor.MoveNext())
            {
                getFeatures(ref vector);
                label(ref value);
            }
        }
        return cached;
    }
}
