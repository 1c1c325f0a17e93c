namespace CreditPoC.Data;

/// <summary>Streams the named columns of a small CSV file (outcomes, predictions), checking every row's field count.</summary>
public static class CsvRecords
{
    /// <summary>For each non-empty data row: the values of <paramref name="columns"/>, in that order, and its line number.</summary>
    /// <exception cref="UserFacingException">A missing column, or a row whose field count differs from the header's; the message names the file and line.</exception>
    public static IEnumerable<(string[] Fields, int Line)> Read(string path, params string[] columns)
    {
        using var reader = new StreamReader(path);
        var header = CsvFields.Split((reader.ReadLine() ?? throw new UserFacingException($"{path} is empty: expected a header line")).TrimStart('\uFEFF'));
        var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var missing = columns.Where((_, i) => indexes[i] < 0).ToList();
        if (missing.Count > 0) throw new UserFacingException($"{path} has no column(s) {string.Join(", ", missing)}");
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = CsvFields.Split(line);
            if (fields.Length != header.Length)
                throw new UserFacingException($"{path} line {lineNumber}: expected {header.Length} fields, found {fields.Length}");
            yield return (indexes.Select(i => fields[i]).ToArray(), lineNumber);
        }
    }
}
