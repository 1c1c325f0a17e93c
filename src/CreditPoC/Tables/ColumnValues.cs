using System.Globalization;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tables;

/// <summary>Reads a <see cref="DataFrameColumn"/> into plain arrays, fast and without boxing for common types.</summary>
public static class ColumnValues
{
    /// <summary>True for columns of numbers (any primitive numeric type).</summary>
    public static bool IsNumeric(DataFrameColumn column) =>
        column.DataType != typeof(string) && column.DataType != typeof(bool) && column.DataType != typeof(char) &&
        column.DataType != typeof(DateTime) && column.DataType.IsPrimitive || column.DataType == typeof(decimal);

    /// <summary>True for columns of whole numbers.</summary>
    public static bool IsInteger(DataFrameColumn column) =>
        column.DataType == typeof(long) || column.DataType == typeof(int) || column.DataType == typeof(short) ||
        column.DataType == typeof(byte) || column.DataType == typeof(sbyte) || column.DataType == typeof(ushort) ||
        column.DataType == typeof(uint) || column.DataType == typeof(ulong);

    /// <summary>The values as doubles; missing values are NaN.</summary>
    public static double[] Numbers(DataFrameColumn column)
    {
        var result = new double[column.Length];
        switch (column)
        {
            case PrimitiveDataFrameColumn<double> d:
                Copy(d, result, v => v);
                break;
            case PrimitiveDataFrameColumn<long> l:
                Copy(l, result, v => v);
                break;
            case PrimitiveDataFrameColumn<int> i:
                Copy(i, result, v => v);
                break;
            case PrimitiveDataFrameColumn<float> f:
                Copy(f, result, v => v);
                break;
            default:
                for (long r = 0; r < column.Length; r++)
                    result[r] = column[r] is { } value ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : double.NaN;
                break;
        }
        return result;
    }

    private static void Copy<T>(PrimitiveDataFrameColumn<T> column, double[] result, Func<T, double> convert)
        where T : unmanaged
    {
        int offset = 0;
        var validity = column.GetReadOnlyNullBitMapBuffers().GetEnumerator();
        foreach (var buffer in column.GetReadOnlyDataBuffers())
        {
            validity.MoveNext();
            var bits = validity.Current.Span;
            var values = buffer.Span;
            for (int i = 0; i < values.Length; i++)
                result[offset + i] = (bits[i >> 3] & (1 << (i & 7))) != 0 ? convert(values[i]) : double.NaN;
            offset += values.Length;
        }
    }

    /// <summary>The values as text (numbers in invariant form, e.g. "1" or "0.25"); missing values are null.</summary>
    public static string?[] Texts(DataFrameColumn column)
    {
        var result = new string?[column.Length];
        if (column is StringDataFrameColumn s)
        {
            for (long r = 0; r < s.Length; r++)
                result[r] = s[r];
            return result;
        }
        if (IsNumeric(column))
        {
            var numbers = Numbers(column);
            var cache = new Dictionary<double, string>();
            for (int r = 0; r < numbers.Length; r++)
                if (!double.IsNaN(numbers[r]))
                    result[r] = cache.TryGetValue(numbers[r], out var t) ? t : cache[numbers[r]] = Format(numbers[r]);
            return result;
        }
        for (long r = 0; r < column.Length; r++)
            result[r] = column[r] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        return result;
    }

    /// <summary>A number in short invariant form ("1", "0.25", "365243").</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
