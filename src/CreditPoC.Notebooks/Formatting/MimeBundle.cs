using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>A formatter's MIME bundle as nbformat and the Jupyter protocol store it: JSON MIME types as JSON, the rest as text.</summary>
public static class MimeBundle
{
    /// <summary>True for <c>application/json</c> and every <c>…+json</c> type, whose value is a JSON document, not a string.</summary>
    public static bool IsJson(string mimeType) =>
        mimeType == "application/json" || mimeType.EndsWith("+json", StringComparison.Ordinal);

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in bundle) data[mime] = IsJson(mime) ? ParseOrText(text) : text;
        return data;
    }

    /// <summary>
    /// The bundle of a Jupyter message's <c>data</c> (the inverse of <see cref="ToJson"/>): JSON MIME types as their JSON
    /// text, strings as they are, and nbformat's list of lines joined.
    /// </summary>
    public static Dictionary<string, string> FromJson(JsonObject? data)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (mime, value) in data ?? [])
        {
            bundle[mime] = value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var text) => text,
                JsonArray lines when !IsJson(mime) => string.Concat(lines.Select(l => (string?)l)),
                _ => value.ToJsonString(),
            };
        }
        return bundle;
    }

    private static JsonNode? ParseOrText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return text; // a formatter that wrote bad JSON still shows something
        }
    }
}
