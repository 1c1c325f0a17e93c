namespace CreditPoC.Modeling;

/// <summary>
/// Batch scoring of a LightGBM model without LightGBM: each row's features are written from the table as the model's
/// <see cref="LightGbmFeatures"/> lay them out (numbers, ratios, category codes), the trees run from flat arrays built
/// from LightGBM's model text (<see cref="FlatTreeEnsemble"/>), and the logistic function gives the probability. The
/// same raw scores as LightGBM's own PredictForMat; <see cref="TrainedModel.Predict(Microsoft.Data.Analysis.DataFrame)"/>
/// checks that on every batch before using it.
/// </summary>
internal sealed class CompiledTreeScorer(FlatTreeEnsemble trees, LightGbmFeatures features)
{
    private const int RowsPerTask = 4096;

    public FlatTreeEnsemble Trees { get; } = trees;

    public static CompiledTreeScorer Create(NativeLightGbmModel model) => new(model.Trees, model.Features);

    /// <summary>The raw scores (log-odds) of rows [start, start + count) of the table, into output[start…].</summary>
    public void RawScores(ColumnTable table, int start, int count, double[] output)
    {
        var fillers = Enumerable.Range(0, features.Count).Select(column => features.Filler(table, column)).ToArray();
        var tasks = (count + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, () => new float[features.Count], (task, _, row) =>
        {
            var first = start + task * RowsPerTask;
            var end = Math.Min(start + count, first + RowsPerTask);
            for (var r = first; r < end; r++)
            {
                for (var column = 0; column < fillers.Length; column++) row[column] = fillers[column](r);
                output[r] = Trees.Output(row);
            }
            return row;
        }, _ => { });
    }

    /// <summary>Raw scores of every row of a matrix in the model's layout (the tree part alone), over up to <paramref name="threads"/> threads.</summary>
    public double[] RawScores(FeatureMatrix matrix, int threads)
    {
        var output = new double[matrix.Rows];
        var tasks = (matrix.Rows + RowsPerTask - 1) / RowsPerTask;
        Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads }, task =>
        {
            var end = Math.Min(matrix.Rows, (task + 1) * RowsPerTask);
            for (var r = task * RowsPerTask; r < end; r++) output[r] = Trees.Output(matrix.Row(r));
        });
        return output;
    }
}
