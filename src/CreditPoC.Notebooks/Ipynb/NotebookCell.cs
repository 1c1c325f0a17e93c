using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditPoC.Notebooks.Ipynb;

/// <summary>
/// A typed view over one cell's JSON. Everything the view does not name (attachments, unknown fields, other
/// metadata) stays in <see cref="Json"/> untouched, so a read/write round trip loses nothing.
/// </summary>
public sealed class NotebookCell
{
    public NotebookCell(JsonObject json) => Json = json;

    /// <summary>The cell's JSON object itself; edits show up when the notebook is written.</summary>
    public JsonObject Json { get; }

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType => GetString(Json, "cell_type") ?? "";

    public bool IsCode => CellType == "code";

    public string? Id
    {
        get => GetString(Json, "id");
        set => Json["id"] = value;
    }

    /// <summary>The source as one string, whether the file holds a string or a list of lines.</summary>
    public string Source
    {
        get => JoinText(Json["source"]);
        set => Json["source"] = value;
    }

    /// <summary>The cell's metadata object, created when missing.</summary>
    public JsonObject Metadata => GetOrAddObject(Json, "metadata");

    public IReadOnlyList<string> Tags =>
        Json["metadata"]?["tags"] is JsonArray tags
            ? tags.Where(t => t?.GetValueKind() == JsonValueKind.String).Select(t => t!.GetValue<string>()).ToList()
            : [];

    public bool HasTag(string tag) => Tags.Contains(tag, StringComparer.Ordinal);

    public void AddTag(string tag)
    {
        if (HasTag(tag)) return;
        if (Metadata["tags"] is not JsonArray tags) Metadata["tags"] = tags = [];
        tags.Add(tag);
    }

    /// <summary>The outputs of a code cell, created when missing.</summary>
    public JsonArray Outputs
    {
        get
        {
            if (Json["outputs"] is JsonArray outputs) return outputs;
            var created = new JsonArray();
            Json["outputs"] = created;
            return created;
        }
    }

    public int? ExecutionCount
    {
        get => Json["execution_count"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<int>() : null;
        set => Json["execution_count"] = value;
    }

    /// <summary>A new code cell with empty outputs, as <c>nbformat.v4.new_code_cell</c> makes it.</summary>
    public static NotebookCell NewCode(string source, string? id = null)
    {
        var json = new JsonObject { ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(), ["source"] = source };
        if (id is not null) json["id"] = id;
        return new NotebookCell(json);
    }

    /// <summary>A new markdown cell, as <c>nbformat.v4.new_markdown_cell</c> makes it.</summary>
    public static NotebookCell NewMarkdown(string source, string? id = null)
    {
        var json = new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source };
        if (id is not null) json["id"] = id;
        return new NotebookCell(json);
    }

    internal static string JoinText(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValueKind() == JsonValueKind.String ? l.GetValue<string>() : "")),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => "",
    };

    internal static string? GetString(JsonNode? owner, string key) =>
        owner?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    internal static JsonObject GetOrAddObject(JsonObject owner, string key)
    {
        if (owner[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        owner[key] = created;
        return created;
    }
}
