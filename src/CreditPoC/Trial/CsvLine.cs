namespace CreditPoC.Trial;

/// <summary>Field positions in one CSV line (RFC 4180 quotes), for line-level work that needs no full parse.</summary>
internal static class CsvLine
{
    /// <summary>The text of field <paramref name="index"/> (quotes removed) and where it ends in the line.</summary>
    public static (string Value, int End) Field(string line, int index)
    {
        var position = 0;
        for (var field = 0; ; field++)
        {
            var (start, end, next) = Span(line, position);
            if (field == index)
            {
                var raw = line[start..end];
                return (raw.Length >= 2 && raw[0] == '"' ? raw[1..^1].Replace("\"\"", "\"") : raw, end);
            }
            if (next > line.Length) throw new FormatException($"the line has only {field + 1} fields, field {index + 1} was expected");
            position = next;
        }
    }

    public static string[] Split(string line)
    {
        var fields = new List<string>();
        var position = 0;
        while (true)
        {
            var (start, end, next) = Span(line, position);
            var raw = line[start..end];
            fields.Add(raw.Length >= 2 && raw[0] == '"' ? raw[1..^1].Replace("\"\"", "\"") : raw);
            if (next > line.Length) return [.. fields];
            position = next;
        }
    }

    private static (int Start, int End, int Next) Span(string line, int position)
    {
        var end = position;
        if (end < line.Length && line[end] == '"')
        {
            end++;
            while (end < line.Length)
            {
                if (line[end] == '"')
                {
                    if (end + 1 < line.Length && line[end + 1] == '"') { end += 2; continue; }
                    end++;
                    break;
                }
                end++;
            }
        }
        while (end < line.Length && line[end] != ',') end++;
        return (position, end, end + 1);
    }
}
