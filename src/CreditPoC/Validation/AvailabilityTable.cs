using CreditPoC.Loading;
using Microsoft.Data.Analysis;

namespace CreditPoC.Validation;

/// <summary>One row of the availability table: when a column's value is known, and whether scoring can use it.</summary>
/// <param name="Column">The column.</param>
/// <param name="Availability">application, decision or outcome.</param>
/// <param name="FromSchema">False when the schema does not say and the value is assumed.</param>
/// <param name="UsableAtScoring">True only for application-time columns other than the target and the id.</param>
/// <param name="Note">Why, for columns that are not usable.</param>
public sealed record AvailabilityEntry(string Column, Availability Availability, bool FromSchema, bool UsableAtScoring, string Note);

/// <summary>
/// For every column of a table, when its value is known. Columns not known at application time (other than the
/// target) would not be there when a new application is scored: each is flagged with a warning.
/// </summary>
public static class AvailabilityTable
{
    /// <summary>Builds the table; without a schema the target is outcome and other columns are assumed application.</summary>
    public static List<AvailabilityEntry> Build(DataFrame data, TableSchema? schema, string target, string? idColumn)
    {
        var entries = new List<AvailabilityEntry>();
        foreach (var column in data.Columns)
        {
            var declared = schema?.Find(column.Name);
            var availability = declared?.Availability ?? (column.Name == target ? Availability.Outcome : Availability.Application);
            bool isTarget = column.Name == target, isId = column.Name == idColumn;
            string note = isTarget ? "the target: known only after the loan has run"
                : isId ? "row id: not a feature"
                : availability switch
                {
                    Availability.Application => declared is null ? "assumed known at application (not in a schema)" : "known at application",
                    Availability.Decision => "known only during the review: not available when scoring an application",
                    _ => "known only after the loan has run: not available when scoring (a leak if used)",
                };
            entries.Add(new AvailabilityEntry(column.Name, availability, declared is not null,
                availability == Availability.Application && !isTarget && !isId, note));
        }
        return entries;
    }

    /// <summary>A warning for each non-target column that is not known at application time.</summary>
    public static List<ValidationIssue> Issues(IEnumerable<AvailabilityEntry> entries, string target) =>
        entries.Where(e => e.Column != target && e.Availability != Availability.Application)
            .Select(e => new ValidationIssue(Severity.Warning, "not_available_at_scoring", e.Column, 1,
                $"{e.Column} is known at '{e.Availability.ToString().ToLowerInvariant()}' time, not at application: " +
                "leave it out of the model's features"))
            .ToList();
}
