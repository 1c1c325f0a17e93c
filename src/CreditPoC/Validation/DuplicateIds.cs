using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Validation;

/// <summary>Checks that the id column identifies each row: duplicates are an error, missing ids a warning.</summary>
public static class DuplicateIds
{
    /// <summary>The issues of <paramref name="idColumn"/>; an error when the table lacks it.</summary>
    public static List<ValidationIssue> Check(DataFrame data, string idColumn)
    {
        if (!data.Columns.Any(c => c.Name == idColumn))
            return [new(Severity.Error, "missing_id_column", idColumn, 1, $"the id column {idColumn} is not in the table")];
        var ids = ColumnValues.Texts(data.Columns[idColumn]);
        var firstRow = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        var duplicates = new SchemaConformance.Collector();
        var missing = new SchemaConformance.Collector();
        for (int r = 0; r < ids.Length; r++)
        {
            if (ids[r] is not { } id)
                missing.Add(r, "");
            else if (!firstRow.TryAdd(id, r))
                duplicates.Add(r, $"{id} (first at row {firstRow[id] + 1})");
        }
        var issues = new List<ValidationIssue>();
        if (duplicates.Count > 0)
            issues.Add(duplicates.ToIssue(Severity.Error, "duplicate_id", idColumn,
                $"{duplicates.Count} row(s) repeat an id of an earlier row; {idColumn} must be unique"));
        if (missing.Count > 0)
            issues.Add(missing.ToIssue(Severity.Warning, "missing_id", idColumn, $"{missing.Count} row(s) have no {idColumn}"));
        return issues;
    }
}
