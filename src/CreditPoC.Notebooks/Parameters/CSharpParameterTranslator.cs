using System.Globalization;
using System.Text;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Parameters;

/// <summary>
/// Writes parameter values as C# in the form of Papermill's <c>CSharpTranslator</c>: a <c>// Parameters</c>
/// comment, then <c>var NAME = value;</c> per parameter. Strings are escaped like Python's
/// <c>unicode_escape</c> plus <c>\"</c>; booleans are <c>true</c>/<c>false</c>; whole numbers get <c>L</c> beyond
/// the int range; floats print as Python's <c>str()</c>; lists become <c>new [] { ... }</c>.
/// For types Papermill cannot express we keep the declared type: <c>5L</c> for long, <c>1.5m</c> for decimal,
/// <c>new DateOnly(2021, 1, 31)</c>, <c>new DateTime(...)</c>.
/// </summary>
public static class CSharpParameterTranslator
{
    public static string Codify(IEnumerable<KeyValuePair<string, object>> parameters, string comment = "Parameters")
    {
        var builder = new StringBuilder();
        builder.Append($"// {comment}".Trim()).Append('\n');
        foreach (var (name, value) in parameters)
            builder.Append("var ").Append(ParameterName.Check(name, "injected parameters")).Append(" = ").Append(Translate(value)).Append(";\n");
        return builder.ToString();
    }

    public static string Translate(object value) => value switch
    {
        string s => TranslateString(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => TranslateDouble(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        DateOnly date => $"new DateOnly({date.Year}, {date.Month}, {date.Day})",
        DateTime t when t.TimeOfDay == TimeSpan.Zero => $"new DateTime({t.Year}, {t.Month}, {t.Day})",
        DateTime t => $"new DateTime({t.Year}, {t.Month}, {t.Day}, {t.Hour}, {t.Minute}, {t.Second})",
        string[] { Length: 0 } => "new string[] { }",
        string[] list => $"new [] {{ {string.Join(", ", list.Select(TranslateString))} }}",
        _ => TranslateString(System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string TranslateDouble(double d) => d switch
    {
        double.PositiveInfinity => "double.PositiveInfinity",
        double.NegativeInfinity => "double.NegativeInfinity",
        _ when double.IsNaN(d) => "double.NaN",
        _ => PythonFloat.Repr(d),
    };

    /// <summary>
    /// Papermill's <c>translate_escaped_str</c>: Python <c>unicode_escape</c>, then <c>"</c> becomes <c>\"</c>.
    /// One deliberate difference: where Python writes <c>\xNN</c> and the next character is a hex digit, C# would
    /// read the digit as part of the escape, so we write <c>\u00NN</c> there to keep the value right.
    /// </summary>
    public static string TranslateString(string value)
    {
        var b = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                b.Append("\\U").Append(char.ConvertToUtf32(c, value[++i]).ToString("x8", CultureInfo.InvariantCulture));
                continue;
            }
            switch (c)
            {
                case '\\': b.Append("\\\\"); break;
                case '"': b.Append("\\\""); break;
                case '\t': b.Append("\\t"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case < ' ' or >= (char)0x7f and < (char)0x100:
                    var nextIsHex = i + 1 < value.Length && char.IsAsciiHexDigit(value[i + 1]);
                    b.Append(nextIsHex ? "\\u00" : "\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                case >= (char)0x100:
                    b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: b.Append(c); break;
            }
        }
        return b.Append('"').ToString();
    }
}
