using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CreditPoC.Cli;

/// <summary>
/// The kinds of option the verbs take. Values are checked while parsing, with messages that name the option and
/// the value; an option that is not given reads as null (or false), so that each verb states its own default.
/// </summary>
internal static class CliOptions
{
    private static readonly string[] DateForms = ["yyyy-MM-dd", "yyyyMMdd"];

    public static Option<string?> Text(string name, string helpName, string description, params string[] aliases) =>
        new(name, aliases) { HelpName = helpName, Description = description };

    public static Option<bool> Flag(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description };

    public static Option<int?> WholeNumber(string name, string description, params string[] aliases) =>
        Parsed<int?>(name, "N", description, aliases, text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null, "a whole number");

    public static Option<double?> Number(string name, string helpName, string description, params string[] aliases) =>
        Parsed<double?>(name, helpName, description, aliases, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null, "a number");

    /// <summary>A date given as yyyy-MM-dd or yyyyMMdd.</summary>
    public static Option<DateOnly?> Date(string name, string description, params string[] aliases) =>
        Parsed<DateOnly?>(name, "DATE", description, aliases, text => TryDate(text, out var date) ? date : null,
            "a date like 2021-01-31 or 20210131");

    public static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, DateForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static Option<T> Parsed<T>(string name, string helpName, string description, string[] aliases, Func<string, T?> parse, string expected)
    {
        var option = new Option<T>(name, aliases) { HelpName = helpName, Description = description };
        option.CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (parse(text) is { } value) return value;
            result.AddError($"{name} must be {expected}, got '{text}'");
            return default;
        };
        return option;
    }
}
