using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditPoC.Notebooks.Ipynb;

/// <summary>
/// Writes a notebook's JSON exactly as Jupyter's <c>nbformat.write</c> does: keys sorted, one-space indent,
/// non-ASCII kept, a trailing newline, and multi-line strings (cell sources, stream text, text outputs) as lists
/// of lines. Numbers read from a file keep their original text.
/// </summary>
public static class NotebookJsonWriter
{
    public static string Write(JsonObject notebook)
    {
        var copy = (JsonObject)notebook.DeepClone();
        SplitLines(copy);
        var builder = new StringBuilder(4096);
        WriteNode(builder, copy, 0);
        builder.Append('\n');
        return builder.ToString();
    }

    /// <summary>nbformat's <c>split_lines</c>: turns the multi-line string fields into lists of lines.</summary>
    private static void SplitLines(JsonObject notebook)
    {
        if (notebook["cells"] is not JsonArray cells) return;
        foreach (var cell in cells.OfType<JsonObject>())
        {
            SplitField(cell, "source");
            if (cell["attachments"] is JsonObject attachments)
                foreach (var (_, bundle) in attachments)
                    if (bundle is JsonObject b) SplitMimeBundle(b);
            if (cell["outputs"] is not JsonArray outputs) continue;
            foreach (var output in outputs.OfType<JsonObject>())
            {
                var type = output["output_type"]?.GetValueKind() == JsonValueKind.String ? (string?)output["output_type"] : null;
                if (type is "execute_result" or "display_data" && output["data"] is JsonObject data) SplitMimeBundle(data);
                else if (type == "stream") SplitField(output, "text");
            }
        }
    }

    private static void SplitMimeBundle(JsonObject bundle)
    {
        foreach (var key in bundle.Select(p => p.Key).ToList())
            if (key.StartsWith("text/", StringComparison.Ordinal) || key is "application/javascript" or "image/svg+xml")
                SplitField(bundle, key);
    }

    private static void SplitField(JsonObject owner, string key)
    {
        if (owner[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            owner[key] = new JsonArray(SplitLinesKeepEnds(value.GetValue<string>()).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
    }

    /// <summary>Python's <c>str.splitlines(keepends=True)</c> for \n, \r\n and \r.</summary>
    public static IReadOnlyList<string> SplitLinesKeepEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            else if (text[i] is not ('\n' or '\r')) continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static void WriteNode(StringBuilder b, JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                b.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0) { b.Append("{}"); break; }
                b.Append("{\n");
                var first = true;
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) b.Append(",\n");
                    first = false;
                    b.Append(' ', indent + 1);
                    WriteString(b, key);
                    b.Append(": ");
                    WriteNode(b, child, indent + 1);
                }
                b.Append('\n').Append(' ', indent).Append('}');
                break;
            case JsonArray array:
                if (array.Count == 0) { b.Append("[]"); break; }
                b.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) b.Append(",\n");
                    b.Append(' ', indent + 1);
                    WriteNode(b, array[i], indent + 1);
                }
                b.Append('\n').Append(' ', indent).Append(']');
                break;
            case JsonValue value:
                WriteValue(b, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder b, JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String: WriteString(b, element.GetString()!); return;
                case JsonValueKind.Number: b.Append(element.GetRawText()); return;
                case JsonValueKind.True: b.Append("true"); return;
                case JsonValueKind.False: b.Append("false"); return;
                case JsonValueKind.Null: b.Append("null"); return;
                default: WriteNode(b, JsonNode.Parse(element.GetRawText()), 0); return;
            }
        }
        if (value.TryGetValue<string>(out var s)) WriteString(b, s);
        else if (value.TryGetValue<bool>(out var flag)) b.Append(flag ? "true" : "false");
        else if (value.TryGetValue<double>(out var d)) b.Append(JsonFloat(d));
        else if (value.TryGetValue<float>(out var f)) b.Append(JsonFloat(f));
        else if (value.TryGetValue<decimal>(out var m)) b.Append(m.ToString(CultureInfo.InvariantCulture));
        else if (value.TryGetValue<long>(out var l)) b.Append(l.ToString(CultureInfo.InvariantCulture));
        else if (value.TryGetValue<int>(out var i)) b.Append(i.ToString(CultureInfo.InvariantCulture));
        else b.Append(value.ToJsonString());
    }

    private static string JsonFloat(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PythonFloat.Repr(d);

    /// <summary>A JSON string as Python's <c>json.dumps(..., ensure_ascii=False)</c> writes it.</summary>
    private static void WriteString(StringBuilder b, string s)
    {
        b.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (c < 0x20) b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
    }
}
