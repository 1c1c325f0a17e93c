using System.IO.Compression;
using System.Text.Json;

namespace CreditPoC.Modeling;

/// <summary>The kinds of model the registry records, and the kind of a saved model file.</summary>
public static class ModelKinds
{
    public const string LightGbm = "lightgbm";
    public const string Scorecard = Scorecards.ScorecardModel.KindName;

    /// <summary>What the registry records for a model file that does not exist or cannot be read.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// The kind of the model saved at <paramref name="path"/>: a scorecard YAML is <c>scorecard</c>; an ML.NET model
    /// zip written by <see cref="TrainedModel.Save"/> is its model id (lightgbm, lr, dt, rf, svm). Reads only the
    /// file's first lines or metadata entry, not the model.
    /// </summary>
    public static string Of(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!File.Exists(path)) return extension is ".yaml" or ".yml" ? Scorecard : Unknown;
        try
        {
            if (extension is ".yaml" or ".yml")
                return File.ReadLines(path).Take(20).Any(l => l.Trim() == "kind: scorecard") ? Scorecard : Unknown;
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(TrainedModel.MetadataEntry);
            if (entry is null) return Unknown;
            using var stream = entry.Open();
            using var json = JsonDocument.Parse(stream);
            return json.RootElement.TryGetProperty(nameof(ModelMetadata.Model), out var model) && model.GetString() is { Length: > 0 } id ? id : Unknown;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            return Unknown;
        }
    }
}
