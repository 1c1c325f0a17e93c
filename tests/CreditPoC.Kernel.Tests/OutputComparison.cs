using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreditPoC.Kernel.Tests;

/// <summary>
/// Compares the outputs of two executions of one notebook (the headless engine's and a Jupyter client's through the
/// kernel), code cell by code cell. The normalisation rules, applied to every string on both sides:
/// <list type="bullet">
/// <item>each side's own folders (output, run, store) are replaced by one placeholder;</item>
/// <item>ids: 32-hex and GUID forms (Plotly.NET's div ids, display ids, run ids) become <c>&lt;id&gt;</c>;</item>
/// <item>timings: a number followed by s, ms or min becomes <c>&lt;t&gt;</c>, and so does the value of a measure whose
/// name says it is one (latency, seconds, _ms: the learn notebook's scoring latency); timestamps (ISO or
/// <c>MM/dd/yyyy HH:mm:ss</c>) become <c>&lt;time&gt;</c>;
/// in a table (HTML or fixed-width text), every value of a column headed with a unit of time or named seconds, such
/// as the leaderboard's <c>TT (s)</c> and the tuning trials' <c>seconds</c>, becomes <c>&lt;t&gt;</c>;</item>
/// <item>consecutive stream outputs of one name are joined (clients may split or merge writes);</item>
/// <item>output metadata is ignored; output types, execution counts, MIME types and data are compared.</item>
/// </list>
/// Tables (text/html, text/plain) and chart data (application/vnd.plotly.v1+json) must then be equal.
/// </summary>
internal static partial class OutputComparison
{
    [GeneratedRegex(@"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex Id();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\d+(\.\d+)?\s?(ms|s|min)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}( [+-]\d{2}:\d{2})?")]
    private static partial Regex InvariantTimestamp();

    [GeneratedRegex(@"(\w*(?:latency|seconds|_ms)\w*\W{1,4})-?\d+(\.\d+)?([eE][-+]?\d+)?", RegexOptions.IgnoreCase)]
    private static partial Regex TimingMeasure();

    private static bool IsTimingName(string name) => TimingMeasure().IsMatch(name + " = 0");

    [GeneratedRegex(@"\((s|ms|min)\)$|seconds", RegexOptions.IgnoreCase)]
    private static partial Regex TimeUnitHeader();

    [GeneratedRegex(@"<tr>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex HtmlRow();

    [GeneratedRegex(@"<t[dh]>(.*?)</t[dh]>", RegexOptions.Singleline)]
    private static partial Regex HtmlCell();

    /// <summary>Blanks the values of timing columns in every HTML table and fixed-width text table of <paramref name="text"/>.</summary>
    private static string TimingColumns(string text)
    {
        if (text.Contains("<th>", StringComparison.Ordinal))
        {
            HashSet<int> timing = [];
            return HtmlRow().Replace(text, row =>
            {
                var cells = HtmlCell().Matches(row.Value).ToList();
                if (row.Value.Contains("<th>", StringComparison.Ordinal))
                {
                    timing = cells.Select((c, i) => (c, i)).Where(x => TimeUnitHeader().IsMatch(x.c.Groups[1].Value)).Select(x => x.i).ToHashSet();
                    return row.Value;
                }
                var index = 0;
                return HtmlCell().Replace(row.Value, cell => timing.Contains(index++) ? "<td><t></td>" : cell.Value);
            });
        }
        var lines = text.Split('\n');
        var spans = new List<(int Start, int End)>();
        for (var l = 0; l < lines.Length; l++)
        {
            var headers = Regex.Matches(lines[l], @"\S+(?: \S+)*").ToList();
            var found = headers.Select((h, i) => (h, i)).Where(x => TimeUnitHeader().IsMatch(x.h.Value)).ToList();
            if (found.Count > 0)
            {
                spans = found.Select(x => (x.h.Index, x.i + 1 < headers.Count ? headers[x.i + 1].Index : int.MaxValue)).ToList();
                continue;
            }
            if (lines[l].Trim().Length == 0) spans.Clear(); // a blank line ends a table
            foreach (var (start, end) in spans)
                if (lines[l].Length > start) lines[l] = lines[l][..start] + "<t>" + (end < lines[l].Length ? lines[l][end..] : "");
        }
        return string.Join('\n', lines);
    }

    /// <summary>The differences, as readable lines; empty when the outputs match.</summary>
    public static List<string> Differences(string expectedPath, string actualPath, IReadOnlyList<(string Expected, string Actual)> folders)
    {
        var expected = CodeCells(expectedPath);
        var actual = CodeCells(actualPath);
        var differences = new List<string>();
        if (expected.Count != actual.Count)
            return [$"{expected.Count} code cells in {expectedPath}, {actual.Count} in {actualPath}"];
        for (var i = 0; i < expected.Count; i++)
        {
            var left = Normalise(expected[i], folders.Select(f => f.Expected)).ToJsonString();
            var right = Normalise(actual[i], folders.Select(f => f.Actual)).ToJsonString();
            if (left != right)
            {
                var at = Enumerable.Range(0, Math.Min(left.Length, right.Length)).FirstOrDefault(c => left[c] != right[c]);
                differences.Add($"code cell {i + 1}, from character {at}:\n  headless: {Around(left, at)}\n  kernel:   {Around(right, at)}");
            }
        }
        return differences;
    }

    public static List<string> ErrorOutputs(string path) => CodeCells(path)
        .SelectMany(c => c["outputs"]!.AsArray())
        .Where(o => (string?)o!["output_type"] == "error")
        .Select(o => $"{o!["ename"]}: {o["evalue"]}").ToList();

    private static List<JsonObject> CodeCells(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code" && Source(c).Trim().Length > 0)
            .Select(c => c!.AsObject()).ToList();

    private static string Source(JsonNode? cell) =>
        cell!["source"] is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)cell["source"] ?? "";

    private static JsonObject Normalise(JsonObject cell, IEnumerable<string> folders)
    {
        var paths = folders.Select(Path.GetFullPath).OrderByDescending(f => f.Length).ToList();
        string Text(string s)
        {
            foreach (var folder in paths) s = s.Replace(folder, "<folder>", StringComparison.Ordinal);
            s = Id().Replace(s, "<id>");
            s = Timestamp().Replace(s, "<time>");
            s = InvariantTimestamp().Replace(s, "<time>");
            s = TimingMeasure().Replace(s, "$1<t>");
            return Duration().Replace(TimingColumns(s), "<t>");
        }
        JsonNode? Walk(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(Text(p.Key),
                IsTimingName(p.Key) && p.Value is JsonValue number && !number.TryGetValue<string>(out _) ? JsonValue.Create("<t>") : Walk(p.Value)))),
            JsonArray a => new JsonArray(a.Select(Walk).ToArray()),
            JsonValue v when v.TryGetValue<string>(out var s) => Text(s),
            _ => node?.DeepClone(),
        };

        var outputs = new JsonArray();
        foreach (var output in cell["outputs"]!.AsArray().Select(o => o!.AsObject()))
        {
            var type = (string?)output["output_type"];
            if (type == "stream")
            {
                var text = Joined(output["text"]);
                if (outputs.Count > 0 && outputs[^1] is JsonObject last && (string?)last["output_type"] == "stream" && (string?)last["name"] == (string?)output["name"])
                {
                    last["text"] = (string?)last["text"] + text;
                    continue;
                }
                outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = (string?)output["name"], ["text"] = text });
                continue;
            }
            var copy = new JsonObject { ["output_type"] = type };
            if (output["execution_count"] is { } count) copy["execution_count"] = count.DeepClone();
            if (output["data"] is JsonObject data)
                copy["data"] = new JsonObject(data.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, p.Value is JsonArray lines && !p.Key.EndsWith("json", StringComparison.Ordinal) ? JsonValue.Create(Text(Joined(lines))) : Walk(p.Value))));
            foreach (var key in new[] { "ename", "evalue", "traceback" })
                if (output[key] is { } value) copy[key] = Walk(value);
            outputs.Add(copy);
        }
        foreach (var stream in outputs.OfType<JsonObject>().Where(o => (string?)o["output_type"] == "stream"))
            stream["text"] = Text((string)stream["text"]!);
        return new JsonObject { ["execution_count"] = cell["execution_count"]?.DeepClone(), ["outputs"] = outputs };
    }

    /// <summary>nbformat stores multi-line text either as one string or as a list of lines.</summary>
    private static string Joined(JsonNode? text) =>
        text is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)text ?? "";

    private static string Around(string s, int at) => "…" + s[Math.Max(0, at - 300)..Math.Min(s.Length, at + 500)] + "…";
}
