using System.Globalization;
using System.Text.Json;

namespace CreditPoC.Notebooks.Parameters;

/// <summary>
/// Converts a parameter value given as text (command line, YAML) to the declared type. A value that does not
/// convert is a <see cref="UserFacingException"/> naming the parameter, the value and the expected form.
/// </summary>
public static class ParameterConverter
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyyMMdd"];
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd", "yyyyMMdd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm", "yyyyMMddTHHmmss"];

    /// <summary>The form a value must take, for messages and <c>inspect</c>.</summary>
    public static string ExpectedForm(ParameterKind kind) => kind switch
    {
        ParameterKind.String => "any text",
        ParameterKind.Int => "a whole number from -2147483648 to 2147483647, like 5",
        ParameterKind.Long => "a whole number, like 5",
        ParameterKind.Double => "a number, like 0.5 or 1e-3",
        ParameterKind.Decimal => "a decimal number, like 1.5",
        ParameterKind.Bool => "true or false",
        ParameterKind.DateOnly => "a date like 2021-01-31 or 20210131",
        ParameterKind.DateTime => "a date like 2021-01-31 or a date and time like 2021-01-31T13:45:00",
        ParameterKind.StringArray => "a comma-separated list like a,b or a JSON list like [\"a\", \"b\"]",
        _ => "nothing: the runner cannot set a parameter of this type",
    };

    /// <summary>Converts <paramref name="text"/> to the CLR value of <paramref name="declaration"/>'s type.</summary>
    public static object Convert(ParameterDeclaration declaration, string text)
    {
        var value = TryConvert(declaration.Kind, text.Trim());
        return value ?? throw new UserFacingException(
            $"parameter {declaration.Name} ({declaration.TypeName}): '{text}' is not valid; expected {ExpectedForm(declaration.Kind)}");
    }

    private static object? TryConvert(ParameterKind kind, string text)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case ParameterKind.String:
                return text;
            case ParameterKind.Int:
                return int.TryParse(text, NumberStyles.AllowLeadingSign, inv, out var i) ? i : null;
            case ParameterKind.Long:
                return long.TryParse(text.TrimEnd('L', 'l'), NumberStyles.AllowLeadingSign, inv, out var l) ? l : null;
            case ParameterKind.Double:
                return double.TryParse(text, NumberStyles.Float, inv, out var d) && double.IsFinite(d) ? d : null;
            case ParameterKind.Decimal:
                return decimal.TryParse(text.TrimEnd('m', 'M'), NumberStyles.Float, inv, out var m) ? m : null;
            case ParameterKind.Bool:
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => true,
                    "false" or "no" or "0" => false,
                    _ => null,
                };
            case ParameterKind.DateOnly:
                return DateOnly.TryParseExact(text, DateFormats, inv, DateTimeStyles.None, out var date) ? date : null;
            case ParameterKind.DateTime:
                return DateTime.TryParseExact(text, DateTimeFormats, inv, DateTimeStyles.None, out var dateTime) ? dateTime : null;
            case ParameterKind.StringArray:
                return ParseList(text);
            default:
                return null;
        }
    }

    private static string[]? ParseList(string text)
    {
        if (text.Length == 0) return [];
        if (text.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(text);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return text.Split(',', StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// The type Papermill's command line would give an undeclared value (<c>True</c>/<c>False</c>, whole numbers,
    /// floats, otherwise text), so that an undeclared parameter is injected as Papermill would inject it.
    /// </summary>
    public static object InferLikePapermill(string text)
    {
        if (text == "True") return true;
        if (text == "False") return false;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            return whole is >= int.MinValue and <= int.MaxValue ? (int)whole : whole;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)) return real;
        return text;
    }
}
