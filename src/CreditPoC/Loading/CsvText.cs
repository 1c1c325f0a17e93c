using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CreditPoC.Loading;

/// <summary>Byte-level CSV helpers: row boundaries, field splitting (RFC 4180 quotes), number parsing.</summary>
internal static class CsvText
{
    /// <summary>One field of a row: its bytes' position, and whether it holds escaped quotes ("") to undo.</summary>
    internal readonly record struct Field(int Start, int Length, bool Escaped);

    /// <summary>
    /// Finds the rows of <paramref name="data"/> from <paramref name="start"/>: a row ends at a line feed outside
    /// quotes; a trailing carriage return is dropped; blank lines are skipped. Ends are exclusive.
    /// </summary>
    internal static void ScanRows(ReadOnlySpan<byte> data, int start, List<int> starts, List<int> ends, int maxRows = int.MaxValue)
    {
        int pos = start;
        while (pos < data.Length && starts.Count < maxRows)
        {
            int rowStart = pos, lineFeed = LineFeedOfRow(data, pos);
            int rowEnd = lineFeed < 0 ? data.Length : lineFeed; // no line feed (or an unterminated quote): the row runs to the end
            pos = lineFeed < 0 ? data.Length : lineFeed + 1;
            if (rowEnd > rowStart && data[rowEnd - 1] == '\r')
                rowEnd--;
            if (rowEnd > rowStart)
            {
                starts.Add(rowStart);
                ends.Add(rowEnd);
            }
        }
    }

    /// <summary>The index of the line feed (outside quotes) that ends the row starting at <paramref name="start"/>, or -1 when the data ends first.</summary>
    internal static int LineFeedOfRow(ReadOnlySpan<byte> data, int start)
    {
        int pos = start;
        while (true)
        {
            int i = data[pos..].IndexOfAny((byte)'\n', (byte)'"');
            if (i < 0)
                return -1;
            pos += i;
            if (data[pos] == '\n')
                return pos;
            int q = data[(pos + 1)..].IndexOf((byte)'"'); // the closing quote ("" inside a field closes and reopens)
            if (q < 0)
                return -1;
            pos += q + 2;
        }
    }

    /// <summary>
    /// The column names of a header row: trimmed, a blank name becomes column<i>N</i>, a name given twice is an
    /// error naming the file (<paramref name="path"/>).
    /// </summary>
    internal static string[] Header(ReadOnlySpan<byte> row, string path)
    {
        var fields = new Field[row.Count((byte)',') + 1];
        int n = SplitRow(row, 0, row.Length, fields);
        var scratch = Array.Empty<byte>();
        var names = new string[n];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < n; c++)
        {
            var name = Decode(Value(row, fields[c], ref scratch)).Trim();
            if (name.Length == 0)
                name = $"column{c + 1}";
            if (!seen.Add(name))
                throw new UserFacingException($"data file {path}: the header names the column {name} twice");
            names[c] = name;
        }
        return names;
    }

    /// <summary>
    /// Where the raw text of each field starts in its row (its opening quote included), for copying fields verbatim:
    /// field <c>i</c> spans from <c>starts[i]</c> to the comma before <c>starts[i + 1]</c>, the last one to the row's end.
    /// </summary>
    internal static int RawStart(ReadOnlySpan<byte> data, int rowStart, Field field) =>
        field.Start > rowStart && data[field.Start - 1] == '"' ? field.Start - 1 : field.Start;

    /// <summary>
    /// Splits one row into fields. Returns the number of fields found, or fields.Length + 1 when there are more
    /// fields than room.
    /// </summary>
    internal static int SplitRow(ReadOnlySpan<byte> data, int start, int end, Span<Field> fields)
    {
        int count = 0, pos = start;
        while (true)
        {
            if (count == fields.Length)
                return count + 1;
            if (pos < end && data[pos] == '"')
            {
                int p = pos + 1;
                bool escaped = false;
                while (true)
                {
                    int q = data[p..end].IndexOf((byte)'"');
                    if (q < 0)
                    {
                        p = end;
                        break;
                    }
                    p += q;
                    if (p + 1 < end && data[p + 1] == '"')
                    {
                        escaped = true;
                        p += 2;
                        continue;
                    }
                    break;
                }
                fields[count++] = new Field(pos + 1, p - (pos + 1), escaped);
                if (p >= end)
                    return count;
                int comma = data[(p + 1)..end].IndexOf((byte)',');
                if (comma < 0)
                    return count;
                pos = p + 1 + comma + 1;
            }
            else
            {
                int comma = data[pos..end].IndexOf((byte)',');
                if (comma < 0)
                {
                    fields[count++] = new Field(pos, end - pos, false);
                    return count;
                }
                fields[count++] = new Field(pos, comma, false);
                pos += comma + 1;
            }
        }
    }

    /// <summary>The field's bytes, with "" turned into " when needed (written to <paramref name="scratch"/>).</summary>
    internal static ReadOnlySpan<byte> Value(ReadOnlySpan<byte> data, Field field, ref byte[] scratch)
    {
        var raw = data.Slice(field.Start, field.Length);
        if (!field.Escaped)
            return raw;
        if (scratch.Length < raw.Length)
            scratch = new byte[raw.Length * 2];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            scratch[n++] = raw[i];
            if (raw[i] == '"' && i + 1 < raw.Length && raw[i + 1] == '"')
                i++;
        }
        return scratch.AsSpan(0, n);
    }

    internal static string Decode(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);

    /// <summary>True for an optional sign followed by 1–18 digits (always fits a long).</summary>
    internal static bool LooksLikeInteger(ReadOnlySpan<byte> s)
    {
        int i = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        int digits = s.Length - i;
        if (digits is < 1 or > 18)
            return false;
        for (; i < s.Length; i++)
            if ((uint)(s[i] - '0') > 9)
                return false;
        return true;
    }

    /// <summary>Parses a whole number; also accepts an integral decimal such as "3.0".</summary>
    internal static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        if (Utf8Parser.TryParse(s, out value, out int consumed) && consumed == s.Length)
            return true;
        if (TryParseDouble(s, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
        {
            value = (long)d;
            return true;
        }
        value = 0;
        return false;
    }

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a finite number, invariant culture. Plain decimals with at most 15 significant digits take a fast
    /// exact path (an integer below 2^53 divided by an exact power of ten is correctly rounded); others go to
    /// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out double)"/>.
    /// </summary>
    internal static bool TryParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        int significant = 0, fraction = 0;
        bool dot = false, anyDigit = false;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d <= 9)
            {
                if ((mantissa != 0 || d != 0) && ++significant > 15)
                    return Slow(s, out value);
                mantissa = mantissa * 10 + d;
                anyDigit = true;
                if (dot)
                    fraction++;
            }
            else if (s[i] == '.' && !dot)
                dot = true;
            else
                return Slow(s, out value);
        }
        if (!anyDigit || fraction > 22)
            return Slow(s, out value);
        double v = mantissa;
        if (fraction > 0)
            v /= PowersOfTen[fraction];
        value = negative ? -v : v;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
