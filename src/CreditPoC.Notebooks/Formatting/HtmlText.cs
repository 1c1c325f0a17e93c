namespace CreditPoC.Notebooks.Formatting;

/// <summary>Writing HTML fragments: escaping and tables. The one HTML encoder of the notebook engine (formatters and the renderer).</summary>
internal static class HtmlText
{
    /// <summary>Escapes the five HTML-special characters and keeps everything else (×, é) as it is.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var b = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
            b.Append(c switch { '<' => "&lt;", '>' => "&gt;", '&' => "&amp;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        return b.ToString();
    }

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
