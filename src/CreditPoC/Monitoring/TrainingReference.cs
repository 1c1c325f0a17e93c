using System.Text.Json;
using CreditPoC.IO;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Monitoring;

/// <summary>
/// What the training data and the model's scores looked like, saved by <c>learn</c> as <c>reference.json</c> beside
/// the model so that monitoring can compare each day's applications and scores with it.
/// </summary>
public sealed record TrainingReference
{
    public required IReadOnlyList<FeatureReference> Features { get; init; }

    /// <summary>The distribution of the model's scores on the validation rows.</summary>
    public required FeatureReference Score { get; init; }

    /// <summary>The default rate of the training rows.</summary>
    public required double BaseRate { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>References for every column of <paramref name="data"/> named in <paramref name="features"/>.</summary>
    public static TrainingReference Build(DataFrame data, IEnumerable<string> features, IReadOnlyList<double> scores, double baseRate) => new()
    {
        Features = features.Where(f => data.Columns.Any(c => c.Name == f)).Select(f => Of(data.Columns[f])).ToList(),
        Score = FeatureReference.Numeric("score", scores.Select(s => (double?)s)),
        BaseRate = baseRate,
    };

    public static FeatureReference Of(DataFrameColumn column) => ColumnValues.IsNumeric(column)
        ? FeatureReference.Numeric(column.Name, ColumnValues.Numbers(column).Select(v => double.IsNaN(v) ? (double?)null : v))
        : FeatureReference.Categorical(column.Name, ColumnValues.Texts(column));

    public void Save(string path) => AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, Json));

    public static TrainingReference Load(string path)
    {
        if (!File.Exists(path)) throw new UserFacingException($"training reference {path} does not exist: run learn first");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<TrainingReference>(stream, Json) ?? throw new UserFacingException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new UserFacingException($"{path} is not a training reference: {e.Message}", e);
        }
    }
}
