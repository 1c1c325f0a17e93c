using System.Globalization;

namespace CreditPoC.Decisions;

/// <summary>
/// A hard rule of the credit department, applied before the model: when <c>column</c> (optionally divided by the
/// <c>per</c> column) compares to <c>value</c> by <c>operator</c>, the rule forces its decision. A missing value
/// never fires a rule. <c>AGE_YEARS</c> is derived from DAYS_BIRTH.
/// </summary>
public sealed record ScreeningRule(string Name, string Column, string Operator, string Value, DecisionOutcome Decision, string? Per = null, string? Reason = null)
{
    public static readonly IReadOnlyList<string> Operators = ["<", "<=", ">", ">=", "==", "!="];

    /// <summary>The columns the rule reads from an application.</summary>
    public IEnumerable<string> RequiredColumns()
    {
        yield return Column == DerivedColumns.AgeYears ? "DAYS_BIRTH" : Column;
        if (Per is not null) yield return Per;
    }

    public bool Fires(Func<string, object?> read)
    {
        var left = DerivedColumns.Read(Column, read);
        if (left is null) return false;
        if (Per is not null)
        {
            var divisor = AsNumber(read(Per));
            var numerator = AsNumber(left);
            if (divisor is null or 0 || numerator is null) return false;
            left = numerator / divisor;
        }

        var number = AsNumber(left);
        if (number is not null && double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
            return Operator switch
            {
                "<" => number < threshold,
                "<=" => number <= threshold,
                ">" => number > threshold,
                ">=" => number >= threshold,
                "==" => number == threshold,
                "!=" => number != threshold,
                _ => false,
            };
        var text = Convert.ToString(left, CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(text)) return false;
        return Operator switch
        {
            "==" => string.Equals(text, Value, StringComparison.Ordinal),
            "!=" => !string.Equals(text, Value, StringComparison.Ordinal),
            _ => false,
        };
    }

    internal static double? AsNumber(object? value) => value switch
    {
        null => null,
        double d => double.IsNaN(d) ? null : d,
        float f => float.IsNaN(f) ? null : f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}

/// <summary>Columns a rule may use that are computed from the application's own columns.</summary>
public static class DerivedColumns
{
    public const string AgeYears = "AGE_YEARS";

    public static object? Read(string column, Func<string, object?> read) => column == AgeYears
        ? ScreeningRule.AsNumber(read("DAYS_BIRTH")) is { } days ? -days / 365.25 : null
        : read(column);
}
