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
            case PrimitiveDataFrameColumn<double> d:
                for (var i = 0; i < n; i++) values[i] = d[i] is { } v ? (float)v : float.NaN;
                break;
            case PrimitiveDataFrameColumn<float> f:
                for (var i = 0; i < n; i++) values[i] = f[i] ?? float.NaN;
                break;
            case PrimitiveDataFrameColumn<int> k:
                for (var i = 0; i < n; i++) values[i] = k[i] is { } v ? v : float.NaN;
                break;
            case PrimitiveDataFrameColumn<long> l:
                for (var i = 0; i < n; i++) values[i] = l[i] is { } v ? v : float.NaN;
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
