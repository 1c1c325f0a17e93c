using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Validation;

/// <summary>
/// Runs every validation rule on a table — schema conformance, duplicate ids, availability, leak suspects,
/// related records, target sanity — and gathers a <see cref="ValidationReport"/>. Works for any table given
/// only the target, its positive label and (optionally) an id column and a schema.
/// </summary>
public static class DataValidator
{
    /// <summary>Validates <paramref name="data"/>; <paramref name="source"/> names it in the report.</summary>
    public static ValidationReport Validate(DataFrame data, ValidationOptions options, string source = "table")
    {
        var issues = new List<ValidationIssue>();
        string? id = string.IsNullOrWhiteSpace(options.IdColumn) ? null : options.IdColumn;

        if (options.Schema is { } schema)
            issues.AddRange(SchemaConformance.Check(data, schema));
        if (id is not null)
            issues.AddRange(DuplicateIds.Check(data, id));

        var availability = AvailabilityTable.Build(data, options.Schema, options.Target, id);
        issues.AddRange(AvailabilityTable.Issues(availability, options.Target));

        TargetSummary? summary = null;
        List<LeakSuspect> scored = [];
        if (data.Columns.Any(c => c.Name == options.Target))
        {
            var target = TargetVector.From(data, options.Target, options.PositiveLabel, source);
            var (targetSummary, targetIssues) = TargetCheck.Check(target);
            summary = targetSummary;
            issues.AddRange(targetIssues);
            if (!targetIssues.Any(i => i.Severity == Severity.Error))
                scored = LeakDetector.ScoreColumns(data, target, id);
        }
        else
        {
            issues.Add(new(Severity.Error, "missing_target", options.Target, 1,
                $"the table has no target column {options.Target}; check TARGET"));
        }
        var suspects = scored.Where(s => s.Auc > options.LeakAucThreshold).ToList();
        issues.AddRange(LeakDetector.Issues(suspects, options.Target, options.LeakAucThreshold));

        var related = RelatedRecords.Find(data, options.RelatedRecordKey, id);
        issues.AddRange(RelatedRecords.Issues(related));

        return new ValidationReport
        {
            Source = source,
            Rows = data.Rows.Count,
            Columns = data.Columns.Count,
            Issues = issues.OrderByDescending(i => i.Severity).ToList(),
            Availability = availability,
            LeakSuspects = suspects,
            StrongestColumns = scored.Take(10).ToList(),
            LeakAucThreshold = options.LeakAucThreshold,
            RelatedRecords = related,
            Target = summary,
        };
    }
}
