using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Recording;

/// <summary>
/// What a notebook recorded for the run store with <c>record(...)</c>: metrics, the input files it read (with their
/// content hashes) and the artifacts it wrote. Like papermill's scrapbook, each call is saved as an output of the
/// cell (MIME type <see cref="MimeType"/>), so the values travel inside the executed notebook, whichever process ran
/// its cells, and the pipeline reads them from there into the run store.
/// </summary>
public sealed record RecordedValues(
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Artifacts)
{
    public const string MimeType = "application/vnd.creditpoc.record+json";

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static RecordedValues Empty { get; } = new(new Dictionary<string, double>(), new Dictionary<string, string>(), new Dictionary<string, string>());

    public bool IsEmpty => Metrics.Count == 0 && Inputs.Count == 0 && Artifacts.Count == 0;

    /// <summary>The output's JSON: <c>{"metrics": {...}, "inputs": {path: "sha256:..."}, "artifacts": {name: path}}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["metrics"] = Metrics, ["inputs"] = Inputs, ["artifacts"] = Artifacts,
    }, Json);

    /// <summary>Reads one output's data, stored as a JSON object or as its text.</summary>
    public static RecordedValues FromJson(JsonNode? node)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String) node = JsonNode.Parse(value.GetValue<string>());
        if (node is not JsonObject json) throw new FormatException($"a {MimeType} output must be a JSON object");
        return new RecordedValues(
            json["metrics"]?.Deserialize<Dictionary<string, double>>(Json) ?? [],
            json["inputs"]?.Deserialize<Dictionary<string, string>>(Json) ?? [],
            json["artifacts"]?.Deserialize<Dictionary<string, string>>(Json) ?? []);
    }

    /// <summary>Everything recorded in an executed notebook, in cell order; a name recorded twice keeps the later value.</summary>
    public static RecordedValues ReadFrom(Notebook notebook)
    {
        var all = Empty;
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
            foreach (var output in cell.Outputs.OfType<JsonObject>())
                if (output["data"] is JsonObject data && data.TryGetPropertyValue(MimeType, out var recorded))
                    all = all.Merge(FromJson(recorded));
        return all;
    }

    public RecordedValues Merge(RecordedValues later) => new(
        Union(Metrics, later.Metrics), Union(Inputs, later.Inputs), Union(Artifacts, later.Artifacts));

    /// <summary>The text a reader of the notebook sees in place of the JSON.</summary>
    public string Describe()
    {
        var text = new StringBuilder("recorded for the run store:");
        foreach (var (name, metric) in Metrics)
            text.Append(CultureInfo.InvariantCulture, $"\n  metric   {name} = {metric:G6}");
        if (Inputs.Count is > 0 and <= 5)
            foreach (var path in Inputs.Keys) text.Append(CultureInfo.InvariantCulture, $"\n  input    {path}");
        else if (Inputs.Count > 5)
            text.Append(CultureInfo.InvariantCulture, $"\n  inputs   {Inputs.Count} files, e.g. {Inputs.Keys.First()}");
        foreach (var (name, path) in Artifacts)
            text.Append(CultureInfo.InvariantCulture, $"\n  artifact {name} = {path}");
        return text.ToString();
    }

    private static Dictionary<string, T> Union<T>(IReadOnlyDictionary<string, T> first, IReadOnlyDictionary<string, T> second)
    {
        var union = first.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (key, value) in second) union[key] = value;
        return union;
    }
}
