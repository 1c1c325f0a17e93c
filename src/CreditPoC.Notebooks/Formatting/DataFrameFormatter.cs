using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>A Microsoft.Data.Analysis <see cref="DataFrame"/> as an HTML table of its first rows plus its shape, with a plain-text twin.</summary>
public static class DataFrameFormatter
{
    internal static void Register()
    {
        Formatter.Register<DataFrame>(ToHtml, Formatter.Html);
        Formatter.Register<DataFrame>(ToText, Formatter.PlainText);
    }

    /// <summary>"307511 rows × 122 columns".</summary>
    public static string Shape(DataFrame frame) =>
        string.Create(CultureInfo.InvariantCulture, $"{frame.Rows.Count} rows × {frame.Columns.Count} columns");

    public static string ToHtml(DataFrame frame)
    {
        var headers = frame.Columns.Select(c => c.Name).ToList();
        var footer = frame.Rows.Count > Formatter.MaxRows
            ? $"first {Formatter.MaxRows} rows of {Shape(frame)}"
            : Shape(frame);
        return HtmlText.Table(headers, Rows(frame), footer);
    }

    public static string ToText(DataFrame frame)
    {
        var headers = frame.Columns.Select(c => c.Name).ToList();
        var rows = Rows(frame).ToList();
        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Select(r => r[c].Length).DefaultIfEmpty(0).Max())).ToList();
        var b = new StringBuilder();
        b.AppendLine(string.Join("  ", headers.Select((h, c) => h.PadRight(widths[c]))).TrimEnd());
        foreach (var row in rows)
            b.AppendLine(string.Join("  ", row.Select((v, c) => v.PadRight(widths[c]))).TrimEnd());
        b.Append(frame.Rows.Count > Formatter.MaxRows ? $"... first {Formatter.MaxRows} rows of {Shape(frame)}" : Shape(frame));
        return b.ToString();
    }

    private static IEnumerable<IReadOnlyList<string>> Rows(DataFrame frame)
    {
        var count = Math.Min(frame.Rows.Count, Formatter.MaxRows);
        for (long r = 0; r < count; r++)
            yield return frame.Columns.Select(c => c[r] is { } v ? Formatter.ToPlainText(v) : "").ToList();
    }
}
