using System.Globalization;

namespace CreditPoC.Cli;

/// <summary>The parsed command line of one verb: options by name and positional arguments.</summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, List<string[]>> _values = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static CommandArgs Parse(IReadOnlyList<string> tokens, OptionSpec spec)
    {
        var result = new CommandArgs();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            string? inlineValue = null;
            if (token.StartsWith("--", StringComparison.Ordinal) && token.Contains('='))
            {
                inlineValue = token[(token.IndexOf('=') + 1)..];
                token = token[..token.IndexOf('=')];
            }
            if (token.Length > 1 && token[0] == '-' && !IsNumber(token))
            {
                if (!spec.TryGet(token, out var option))
                    throw CliError.Usage($"unknown option '{token}'; expected one of: {string.Join(", ", spec.Display)}");
                var values = new string[option.Arity];
                for (var k = 0; k < option.Arity; k++)
                {
                    if (k == 0 && inlineValue is not null) { values[k] = inlineValue; continue; }
                    if (++i >= tokens.Count)
                        throw CliError.Usage($"option '{token}' needs {option.Arity} value(s)");
                    values[k] = tokens[i];
                }
                if (!result._values.TryGetValue(option.Canonical, out var list))
                    result._values[option.Canonical] = list = [];
                else if (!option.Repeatable)
                    throw CliError.Usage($"option '--{option.Canonical}' is given more than once");
                list.Add(values);
            }
            else
            {
                result.Positional.Add(tokens[i]);
            }
        }
        return result;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var list) ? list[0][0] : null;

    public string Require(string name) =>
        Get(name) ?? throw CliError.Usage($"missing required option --{name}");

    public IReadOnlyList<string[]> GetAll(string name) =>
        _values.TryGetValue(name, out var list) ? list : [];

    public int GetInt(string name, int fallback)
    {
        var text = Get(name);
        if (text is null) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CliError.Usage($"--{name} must be a whole number, got '{text}'");
    }

    public double GetDouble(string name, double fallback)
    {
        var text = Get(name);
        if (text is null) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw CliError.Usage($"--{name} must be a number, got '{text}'");
    }

    /// <summary>A date given as yyyy-MM-dd or yyyyMMdd.</summary>
    public DateOnly? GetDate(string name)
    {
        var text = Get(name);
        if (text is null) return null;
        return DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw CliError.Usage($"--{name} must be a date like 2021-01-31 or 20210131, got '{text}'");
    }

    private static bool IsNumber(string token) =>
        double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
