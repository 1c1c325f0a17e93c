namespace CreditPoC.Modeling;

/// <summary>
/// A LightGBM Dataset: the rows binned once (LightGBM's histogram bins) with their labels. Subsets share the bins of
/// the Dataset they come from, so the folds and trials of one experiment bin the data once.
/// </summary>
internal sealed class LightGbmDataset : IDisposable
{
    private nint _handle;

    private LightGbmDataset(nint handle, int rows)
    {
        _handle = handle;
        Rows = rows;
    }

    public int Rows { get; }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(LightGbmDataset));

    /// <summary>Bins the matrix (with its labels) under the given Dataset parameters (<see cref="LightGbmParameters.DatasetParameters"/>).</summary>
    public static unsafe LightGbmDataset Create(FeatureMatrix matrix, bool[] labels, string parameters)
    {
        if (labels.Length != matrix.Rows) throw new ArgumentException($"{labels.Length} labels for {matrix.Rows} rows");
        nint handle;
        fixed (float* data = matrix.Values)
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetCreateFromMat(data, LightGbmNative.DtypeFloat32, matrix.Rows, matrix.Columns, 1,
                parameters, 0, out handle), "building a Dataset");
        var dataset = new LightGbmDataset(handle, matrix.Rows);
        dataset.SetLabels(labels);
        return dataset;
    }

    /// <summary>The given rows (indices into this Dataset, ascending or not) with this Dataset's bins.</summary>
    public unsafe LightGbmDataset Subset(int[] rows, string parameters)
    {
        nint handle;
        fixed (int* indices = rows)
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetGetSubset(Handle, indices, rows.Length, parameters, out handle), "taking a subset of a Dataset");
        return new LightGbmDataset(handle, rows.Length);
    }

    /// <summary>Names the columns (LightGBM writes them into the model text as <c>feature_names</c>).</summary>
    public void SetFeatureNames(IReadOnlyList<string> names) =>
        LightGbmNative.Check(LightGbmNative.LGBM_DatasetSetFeatureNames(Handle, names.ToArray(), names.Count), "naming the features");

    private unsafe void SetLabels(bool[] labels)
    {
        var values = labels.Select(l => l ? 1f : 0f).ToArray();
        fixed (float* data = values)
            LightGbmNative.Check(LightGbmNative.LGBM_DatasetSetField(Handle, "label", data, values.Length, LightGbmNative.DtypeFloat32), "setting labels");
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0) LightGbmNative.LGBM_DatasetFree(handle);
        GC.SuppressFinalize(this);
    }

    ~LightGbmDataset() => Dispose();
}
