using CreditPoC.Loading;

namespace CreditPoC.Tests;

/// <summary>A CSV file's header and every record's values, read by the library's own reader (RFC 4180).</summary>
internal static class CsvRows
{
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        using var reader = CsvRecordReader.Open(path);
        var rows = new List<string[]>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.Header.Count).Select(reader.Value).ToArray());
        return (reader.Header.ToArray(), rows);
    }
}
