namespace CreditPoC.Data;

/// <summary>
/// Splits one CSV line (comma separated, fields optionally in double quotes, "" for a quote inside) into fields.
/// Lines of the Home Credit files never hold a line break inside a field, so reading line by line is enough.
/// </summary>
public static class CsvFields
{
    /// <summary>The unquoted values of the fields of <paramref name="line"/>.</summary>
    public static string[] Split(string line)
    {
        var fields = new List<string>();
        foreach (var (start, length) in Bounds(line))
            fields.Add(Unquote(line.AsSpan(start, length)));
        return fields.ToArray();
    }

    /// <summary>Where each field sits in <paramref name="line"/> (quotes included), in order.</summary>
    public static List<(int Start, int Length)> Bounds(string line)
    {
        var bounds = new List<(int, int)>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted)
            {
                bounds.Add((start, i - start));
                start = i + 1;
            }
        }
        bounds.Add((start, line.Length - start));
        return bounds;
    }

    /// <summary>The value of a raw field: surrounding quotes removed and doubled quotes undone.</summary>
    public static string Unquote(ReadOnlySpan<char> field) =>
        field.Length >= 2 && field[0] == '"' && field[^1] == '"'
            ? field[1..^1].ToString().Replace("\"\"", "\"")
            : field.ToString();

    /// <summary>Quotes <paramref name="value"/> when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
