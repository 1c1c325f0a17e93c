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
