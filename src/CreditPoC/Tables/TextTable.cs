using System.Text;

namespace CreditPoC.Tables;

/// <summary>Renders rows as a fixed-width text table, readable in a notebook's output or a terminal.</summary>
public static class TextTable
{
    /// <summary>A table with a header line, a rule, and one line per row; long cells are cut at <paramref name="maxWidth"/>.</summary>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, int maxWidth = 60)
    {
        var cells = rows.Select(r => r.Select(c => c.Length > maxWidth ? c[..(maxWidth - 1)] + "…" : c).ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> values) =>
            text.AppendLine(string.Join("  ", values.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        Line(headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in cells)
            Line(row);
        return text.ToString();
    }
}
