using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreditPoC.Notebooks.Rendering;

/// <summary>Text helpers for rendering outputs: multi-line notebook strings, ANSI codes, carriage returns, truncation.</summary>
/// <remarks>HTML escaping is <see cref="Formatting.HtmlText.Encode"/>, shared with the display formatters.</remarks>
internal static partial class OutputText
{
    /// <summary>nbformat stores sources and mime data either as one string or as a list of lines.</summary>
    public static string Join(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    /// <summary>Removes terminal colour and cursor codes, which tracebacks and progress output often carry.</summary>
    public static string StripAnsi(string text) => AnsiPattern().Replace(text, "");

    /// <summary>What a terminal would show: of a line rewritten with carriage returns, only its last state.</summary>
    public static string ApplyCarriageReturns(string text)
    {
        if (!text.Contains('\r')) return text;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            lines[i] = line[(line.LastIndexOf('\r') + 1)..];
        }
        return string.Join('\n', lines);
    }

    /// <summary>Cuts a long text to its first lines and characters; the note says how much was left out.</summary>
    public static (string Text, string? Note) Truncate(string text, NotebookRenderOptions options)
    {
        var cut = text;
        var lineCount = 1 + text.Count(c => c == '\n');
        if (lineCount > options.MaxTextOutputLines)
        {
            var index = -1;
            for (var k = 0; k < options.MaxTextOutputLines; k++) index = text.IndexOf('\n', index + 1);
            cut = text[..index];
        }
        if (cut.Length > options.MaxTextOutputChars) cut = cut[..options.MaxTextOutputChars];
        if (cut.Length == text.Length) return (text, null);
        return (cut, $"Output truncated: showing {cut.Length:N0} of {text.Length:N0} characters ({lineCount:N0} lines). The full text is in the .ipynb file.");
    }

    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex AnsiPattern();
}
