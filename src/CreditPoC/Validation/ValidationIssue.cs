using System.Text.Json.Serialization;

namespace CreditPoC.Validation;

/// <summary>How bad an issue is: errors fail the validation, warnings ask a reviewer to look, info only informs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    /// <summary>Informs; needs no action.</summary>
    Info,
    /// <summary>Needs a reviewer's judgement; does not fail the run.</summary>
    Warning,
    /// <summary>The data cannot be trusted as it is; fails the run.</summary>
    Error,
}

/// <summary>One offending value: its data row (1 = the first row after the header) and the value.</summary>
public sealed record IssueExample(long Row, string Value);

/// <summary>A finding of one validation rule about one column (or the whole table when Column is null).</summary>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Rule">The rule's short name, e.g. "wrong_type", "duplicate_id", "leak_suspect".</param>
/// <param name="Column">The column concerned, or null for the table.</param>
/// <param name="Count">How many rows (or columns, groups) are affected.</param>
/// <param name="Message">What was found and what was expected, for people.</param>
/// <param name="Examples">A few offending rows with their values.</param>
public sealed record ValidationIssue(Severity Severity, string Rule, string? Column, long Count, string Message,
    IReadOnlyList<IssueExample> Examples)
{
    /// <summary>An issue without examples.</summary>
    public ValidationIssue(Severity severity, string rule, string? column, long count, string message)
        : this(severity, rule, column, count, message, []) { }
}
