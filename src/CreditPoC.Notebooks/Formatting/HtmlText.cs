using System.Net;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>Small helpers for writing HTML fragments.</summary>
internal static class HtmlText
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A table: a header row, the body rows and an optional caption line under it.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? footer)
    {
        var b = new System.Text.StringBuilder();
        b.Append("<table>\n<thead><tr>");
        foreach (var h in headers) b.Append("<th>").Append(Encode(h)).Append("</th>");
        b.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            b.Append("<tr>");
            foreach (var cell in row) b.Append("<td>").Append(Encode(cell)).Append("</td>");
            b.Append("</tr>\n");
        }
        b.Append("</tbody>\n</table>");
        if (footer is not null) b.Append("\n<p>").Append(Encode(footer)).Append("</p>");
        return b.ToString();
    }
}
