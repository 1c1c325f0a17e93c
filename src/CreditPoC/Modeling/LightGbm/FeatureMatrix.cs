namespace CreditPoC.Modeling;

/// <summary>
/// Rows of LightGBM features as one dense row-major float32 block, the layout LightGBM's C API reads without a copy:
/// row r's feature c at <c>Values[r * Columns + c]</c>. NaN is a missing value; a categorical column holds level codes.
/// </summary>
internal sealed record FeatureMatrix(float[] Values, int Rows, int Columns)
{
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Columns, Columns);

    /// <summary>The given rows, in the given order, as a new matrix.</summary>
    public FeatureMatrix Select(IReadOnlyList<int> rows)
    {
        var values = new float[rows.Count * Columns];
        for (var i = 0; i < rows.Count; i++)
            Values.AsSpan(rows[i] * Columns, Columns).CopyTo(values.AsSpan(i * Columns, Columns));
        return new FeatureMatrix(values, rows.Count, Columns);
    }
}
