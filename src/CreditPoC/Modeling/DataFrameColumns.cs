using System.Globalization;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>Reads DataFrame columns into the typed arrays the experiment uses (numbers as Single, NaN = missing).</summary>
internal static class DataFrameColumns
{
    private static readonly HashSet<Type> NumericTypes =
    [
        typeof(double), typeof(float), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(sbyte),
        typeof(uint), typeof(ulong), typeof(ushort), typeof(decimal), typeof(bool),
    ];

    public static bool IsNumeric(DataFrameColumn column) => NumericTypes.Contains(column.DataType);

    public static bool IsText(DataFrameColumn column) => column.DataType == typeof(string) || column.DataType == typeof(char);

    public static float[] ReadNumbers(DataFrameColumn column)
    {
        var n = checked((int)column.Length);
        var values = new float[n];
        switch (column)
        {
            // The buffers directly (not the nullable indexer): scoring reads every cell of a 300,000-row table.
            case PrimitiveDataFrameColumn<double> d:
                Copy(d, values, static v => (float)v);
                break;
            case PrimitiveDataFrameColumn<float> f:
                Copy(f, values, static v => v);
                break;
            case PrimitiveDataFrameColumn<int> k:
                Copy(k, values, static v => v);
                break;
            case PrimitiveDataFrameColumn<long> l:
                Copy(l, values, static v => v);
                break;
            case PrimitiveDataFrameColumn<bool> b:
                for (var i = 0; i < n; i++) values[i] = b[i] is { } v ? (v ? 1f : 0f) : float.NaN;
                break;
            default:
                if (IsText(column))
                {
                    for (var i = 0; i < n; i++)
                        values[i] = column[i] is string s && float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                            ? parsed : float.NaN;
                    break;
                }
                for (var i = 0; i < n; i++)
                    values[i] = column[i] is { } o ? Convert.ToSingle(o, CultureInfo.InvariantCulture) : float.NaN;
                break;
        }
        return values;
    }

    /// <summary>Copies a primitive column's buffers; a cell whose validity bit is clear (null) becomes NaN.</summary>
    private static void Copy<T>(PrimitiveDataFrameColumn<T> column, float[] values, Func<T, float> convert)
        where T : unmanaged
    {
        var offset = 0;
        using var validity = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
        foreach (var buffer in column.GetReadOnlyDataBuffers())
        {
            validity.MoveNext();
            var bits = validity.Current.Span;
            var data = buffer.Span;
            for (var i = 0; i < data.Length; i++)
                values[offset + i] = (bits[i >> 3] & (1 << (i & 7))) != 0 ? convert(data[i]) : float.NaN;
            offset += data.Length;
        }
    }

    public static ReadOnlyMemory<char>[] ReadTexts(DataFrameColumn column)
    {
        var n = checked((int)column.Length);
        var values = new ReadOnlyMemory<char>[n];
        for (var i = 0; i < n; i++)
            values[i] = FormatValue(column[i]).AsMemory();
        return values;
    }

    /// <summary>A cell as invariant text; missing (null, NaN, blank) is the empty string.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => float.IsNaN(f) ? "" : f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
