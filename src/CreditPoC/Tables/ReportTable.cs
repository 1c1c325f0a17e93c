namespace CreditPoC.Tables;

/// <summary>
/// A report's table: a note above it, column headers and rows of display text. As text it is a fixed-width table
/// (<see cref="TextTable"/>), so a terminal or log reads it; a notebook engine that knows the type shows an HTML table.
/// </summary>
/// <param name="Note">A line above the table (a count, a verdict); empty for none.</param>
/// <param name="Headers">The column headers.</param>
/// <param name="Rows">The cells, one list per row, as displayed.</param>
/// <param name="MaxWidth">Where the text form cuts long cells.</param>
public sealed record ReportTable(string Note, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, int MaxWidth = 60)
{
    /// <summary>A table of <paramref name="rows"/>, or just <paramref name="whenEmpty"/> when there are none.</summary>
    public static ReportTable Of(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string note = "", int maxWidth = 60) =>
        new(note, headers, rows.ToList(), maxWidth);

    public override string ToString() =>
        (Note.Length > 0 ? Note.TrimEnd('\n') + "\n" : "") + (Rows.Count > 0 || Note.Length == 0 ? TextTable.Render(Headers, Rows, MaxWidth) : "");
}
