using System.Globalization;

namespace CreditPoC.Notebooks.Ipynb;

/// <summary>
/// Formats a double the way Python's <c>repr(float)</c> / <c>str(float)</c> does (shortest round-trip digits,
/// positional between 1e-4 and 1e16, otherwise <c>1e+16</c>-style), so that JSON and injected parameters read
/// exactly as Jupyter and Papermill would write them.
/// </summary>
public static class PythonFloat
{
    /// <summary>Python's <c>repr(value)</c>; <c>inf</c>, <c>-inf</c> and <c>nan</c> for the special values.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + "0.0";

        // Shortest round-trip digits and the position of the decimal point relative to them.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text[..dot];
        var digits = dot < 0 ? text : integerPart + text[(dot + 1)..];
        var point = integerPart.Length + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leading..].TrimEnd('0');
        point -= leading;

        var decimalExponent = point - 1;
        if (decimalExponent is >= -4 and < 16)
        {
            if (point <= 0) return sign + "0." + new string('0', -point) + digits;
            if (point >= digits.Length) return sign + digits + new string('0', point - digits.Length) + ".0";
            return sign + digits[..point] + "." + digits[point..];
        }
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") +
               Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
