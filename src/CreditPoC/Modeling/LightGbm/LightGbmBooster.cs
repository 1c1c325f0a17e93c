using System.Text;

namespace CreditPoC.Modeling;

/// <summary>A LightGBM Booster: trained round by round on a <see cref="LightGbmDataset"/>, or loaded from LightGBM's model text.</summary>
internal sealed class LightGbmBooster : IDisposable
{
    private nint _handle;

    private LightGbmBooster(nint handle) => _handle = handle;

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(LightGbmBooster));

    public static LightGbmBooster Create(LightGbmDataset train, string parameters)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCreate(train.Handle, parameters, out var handle), "creating a Booster");
        return new LightGbmBooster(handle);
    }

    /// <summary>A Booster from LightGBM's model text (what <see cref="ModelText"/> writes, or Python's <c>model_to_string</c>).</summary>
    public static LightGbmBooster FromModelText(string text)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterLoadModelFromString(text, out _, out var handle), "loading a model");
        return new LightGbmBooster(handle);
    }

    /// <summary>Adds a validation Dataset (binned like the training one): evaluated after every round, index 1, 2, … in <see cref="Evaluate"/>.</summary>
    public void AddValidation(LightGbmDataset validation) =>
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterAddValidData(Handle, validation.Handle), "adding validation data");

    /// <summary>Trains one more round; true when no tree could split any more (training is over).</summary>
    public bool UpdateOneIteration()
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterUpdateOneIter(Handle, out var finished), "training a round");
        return finished != 0;
    }

    public int Iterations
    {
        get
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetCurrentIteration(Handle, out var iteration), "reading the iteration");
            return iteration;
        }
    }

    public int FeatureCount
    {
        get
        {
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetNumFeature(Handle, out var count), "reading the feature count");
            return count;
        }
    }

    /// <summary>The metrics (the parameters' <c>metric</c>, in order) on data set <paramref name="dataIndex"/>: 0 training, 1 the first validation set.</summary>
    public unsafe double[] Evaluate(int dataIndex)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEvalCounts(Handle, out var count), "counting metrics");
        var results = new double[count];
        fixed (double* output = results)
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterGetEval(Handle, dataIndex, out _, output), "evaluating");
        return results;
    }

    /// <summary>LightGBM's model text of the first <paramref name="iterations"/> rounds (all when ≤ 0).</summary>
    public unsafe string ModelText(int iterations = 0)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModelToString(Handle, 0, iterations, LightGbmNative.ImportanceGain, 0, out var length, null),
            "saving the model");
        var buffer = new byte[length];
        fixed (byte* text = buffer)
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterSaveModelToString(Handle, 0, iterations, LightGbmNative.ImportanceGain, length, out _, text),
                "saving the model");
        // The length counts the closing NUL.
        return Encoding.UTF8.GetString(buffer, 0, (int)Math.Max(0, length - 1));
    }

    /// <summary>
    /// LightGBM's own prediction for every row of the matrix: the raw score (log-odds), the probability, or (contributions)
    /// per row the features' SHAP values then the expected value, Columns + 1 numbers a row.
    /// </summary>
    public unsafe double[] Predict(FeatureMatrix matrix, int predictType, int threads, int iterations = 0)
    {
        LightGbmNative.Check(LightGbmNative.LGBM_BoosterCalcNumPredict(Handle, matrix.Rows, predictType, 0, iterations, out var length), "sizing a prediction");
        var results = new double[length];
        fixed (float* data = matrix.Values)
        fixed (double* output = results)
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterPredictForMat(Handle, data, LightGbmNative.DtypeFloat32, matrix.Rows, matrix.Columns, 1,
                predictType, 0, iterations, $"num_threads={threads}", out _, output), "predicting");
        return results;
    }

    /// <summary>Split gain summed per feature over the first <paramref name="iterations"/> rounds (all when ≤ 0).</summary>
    public unsafe double[] GainImportance(int iterations = 0)
    {
        var results = new double[FeatureCount];
        fixed (double* output = results)
            LightGbmNative.Check(LightGbmNative.LGBM_BoosterFeatureImportance(Handle, iterations, LightGbmNative.ImportanceGain, output), "reading importance");
        return results;
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0) LightGbmNative.LGBM_BoosterFree(handle);
        GC.SuppressFinalize(this);
    }

    ~LightGbmBooster() => Dispose();
}
