namespace CreditPoC.Modeling;

/// <summary>
/// An experiment's training rows binned once into a LightGBM Dataset, in one feature layout. Every fold, trial and
/// early-stopping split takes its rows as a subset that shares these bins, so no fit bins the data again.
/// </summary>
internal sealed class LightGbmTrainingData : IDisposable
{
    private readonly Dictionary<int, int> _positionOfRow;
    private readonly string _parameters;

    private LightGbmTrainingData(LightGbmFeatures features, LightGbmDataset dataset, Dictionary<int, int> positionOfRow, string parameters)
    {
        Features = features;
        Dataset = dataset;
        _positionOfRow = positionOfRow;
        _parameters = parameters;
    }

    public LightGbmFeatures Features { get; }
    public LightGbmDataset Dataset { get; }

    /// <summary>Bins the given rows of the table (their labels too) in the features' layout.</summary>
    public static LightGbmTrainingData Create(ColumnTable table, int[] rows, LightGbmFeatures features, int seed, int threads)
    {
        var matrix = features.Build(table, rows);
        var labels = rows.Select(r => table.Labels![r]).ToArray();
        var parameters = LightGbmParameters.DatasetParameters(features.Categorical, seed, threads);
        var dataset = LightGbmDataset.Create(matrix, labels, parameters);
        dataset.SetFeatureNames(features.Names);
        var positions = new Dictionary<int, int>(rows.Length);
        for (var i = 0; i < rows.Length; i++) positions[rows[i]] = i;
        return new LightGbmTrainingData(features, dataset, positions, parameters);
    }

    /// <summary>The given table rows (all among the binned ones) as a Dataset sharing the bins, in table order.</summary>
    public LightGbmDataset Subset(IEnumerable<int> tableRows)
    {
        var positions = tableRows.Select(r => _positionOfRow.TryGetValue(r, out var p) ? p
            : throw new InvalidOperationException($"row {r} is not among the binned training rows")).ToArray();
        Array.Sort(positions);
        return Dataset.Subset(positions, _parameters);
    }

    public void Dispose() => Dataset.Dispose();
}
