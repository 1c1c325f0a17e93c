using System.Globalization;

namespace CreditPoC.Data.Generation;

/// <summary>
/// Writes generated rows in the Kaggle file's conventions: comma separated, an empty cell for a missing value,
/// whole floats with ".0", other floats in their shortest round-trip form, text quoted when it holds a comma.
/// </summary>
internal sealed class CsvRowFormatter
{
    private readonly ColumnKind[] _kinds = HomeCreditColumns.All.Select(c => c.Kind).ToArray();
    private readonly string[][] _encodedLevels = HomeCreditColumns.All
        .Select(c => c.Levels.Select(Quote).Concat(c.Name == "ORGANIZATION_TYPE" ? [NewOrganizationType] : []).ToArray()).ToArray();

    /// <summary>The ORGANIZATION_TYPE level that only drifted rows carry (unknown to the schema).</summary>
    public const string NewOrganizationType = "Platform economy";
    private readonly char[] _buffer = new char[8192];

    public static string Header => string.Join(',', HomeCreditColumns.Names);

    public void Write(TextWriter writer, double[] row)
    {
        var position = 0;
        for (var c = 0; c < row.Length; c++)
        {
            if (c > 0) _buffer[position++] = ',';
            var value = row[c];
            if (double.IsNaN(value)) continue;
            switch (_kinds[c])
            {
                case ColumnKind.Text:
                    var text = _encodedLevels[c][(int)value];
                    text.CopyTo(_buffer.AsSpan(position));
                    position += text.Length;
                    break;
                case ColumnKind.Integer:
                    ((long)value).TryFormat(_buffer.AsSpan(position), out var written, default, CultureInfo.InvariantCulture);
                    position += written;
                    break;
                default:
                    position += FormatFloat(value, _buffer.AsSpan(position));
                    break;
            }
        }
        _buffer[position++] = '\n';
        writer.Write(_buffer, 0, position);
    }

    /// <summary>Formats a float the way pandas writes it: shortest round-trip digits, ".0" for whole values.</summary>
    public static int FormatFloat(double value, Span<char> destination)
    {
        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        var span = destination[..written];
        if (span.Contains('E'))
        {
            value.TryFormat(destination, out written, "0.0###################", CultureInfo.InvariantCulture);
            return written;
        }
        if (!span.Contains('.'))
        {
            destination[written++] = '.';
            destination[written++] = '0';
        }
        return written;
    }

    private static string Quote(string text) =>
        text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
