using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace CreditPoC.Modeling;

/// <summary>
/// The model file of a LightGBM model trained through its C API: one zip, as every model file, holding the
/// metadata (with the feature plan that replays the transforms), LightGBM's model text of the trees
/// (<c>lightgbm/model.txt</c>, loadable by Python's <c>lightgbm.Booster(model_file=…)</c>) and the columns that
/// text expects (<c>lightgbm/features.json</c>: names in order, categorical columns and each one's level codes).
/// </summary>
internal static class NativeModelFile
{
    public const string ModelEntry = "lightgbm/model.txt";
    public const string FeaturesEntry = "lightgbm/features.json";

    public static void Write(Stream stream, NativeLightGbmModel model, ModelMetadata metadata, JsonSerializerOptions json)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var writer = zip.CreateEntry(TrainedModel.MetadataEntry).Open())
            JsonSerializer.Serialize(writer, metadata, json);
        using (var writer = new StreamWriter(zip.CreateEntry(ModelEntry).Open(), new UTF8Encoding(false)))
            writer.Write(model.ModelText);
        using (var writer = zip.CreateEntry(FeaturesEntry).Open())
        {
            var features = model.Features;
            JsonSerializer.Serialize(writer, new
            {
                names = features.Names,
                categorical = features.Categorical.Select((column, k) => new { column, name = features.Names[column], levels = features.Levels[k] }),
                missing = "NaN; a category not seen in training is NaN too",
            }, json);
        }
    }

    /// <summary>The LightGBM model in a model zip, or null when the zip holds an ML.NET model.</summary>
    public static NativeLightGbmModel? TryRead(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry(ModelEntry);
        if (entry is null) return null;
        using var metadataStream = zip.GetEntry(TrainedModel.MetadataEntry)!.Open();
        var plan = JsonSerializer.Deserialize<ModelMetadata>(metadataStream, TrainedModel.JsonOptions)!.Plan;
        using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
        return new NativeLightGbmModel(new LightGbmFeatures(plan), reader.ReadToEnd());
    }
}
