using System.Text.Json;
using System.Text.Json.Serialization;
using CreditPoC.IO;
using CreditPoC.Tables;

namespace CreditPoC.Validation;

/// <summary>
/// Everything <see cref="DataValidator"/> found: the issues (errors and warnings with column, count and examples)
/// and the sections a reviewer reads — availability table, leak suspects, related records and the target.
/// </summary>
public sealed class ValidationReport
{
    /// <summary>The data file or table name.</summary>
    public required string Source { get; init; }

    /// <summary>Rows in the table.</summary>
    public long Rows { get; init; }

    /// <summary>Columns in the table.</summary>
    public int Columns { get; init; }

    /// <summary>All issues, errors first.</summary>
    public required IReadOnlyList<ValidationIssue> Issues { get; init; }

    /// <summary>When each column is known.</summary>
    public required IReadOnlyList<AvailabilityEntry> Availability { get; init; }

    /// <summary>Columns above the leak AUC threshold.</summary>
    public required IReadOnlyList<LeakSuspect> LeakSuspects { get; init; }

    /// <summary>The strongest single columns (top 10 by AUC), for context next to the suspects.</summary>
    public required IReadOnlyList<LeakSuspect> StrongestColumns { get; init; }

    /// <summary>The leak threshold used.</summary>
    public double LeakAucThreshold { get; init; }

    /// <summary>Probable repeat applicants.</summary>
    public required RelatedRecordsResult RelatedRecords { get; init; }

    /// <summary>The target's figures, or null when the table has no target column.</summary>
    public TargetSummary? Target { get; init; }

    /// <summary>Issues of severity error.</summary>
    [JsonIgnore]
    public IEnumerable<ValidationIssue> Errors => Issues.Where(i => i.Severity == Severity.Error);

    /// <summary>Issues of severity warning.</summary>
    [JsonIgnore]
    public IEnumerable<ValidationIssue> Warnings => Issues.Where(i => i.Severity == Severity.Warning);

    /// <summary>True when any issue is an error.</summary>
    [JsonIgnore]
    public bool HasErrors => Errors.Any();

    /// <summary>Issues of the given rules (all when none given).</summary>
    public IEnumerable<ValidationIssue> IssuesOf(params string[] rules) =>
        rules.Length == 0 ? Issues : Issues.Where(i => rules.Contains(i.Rule));

    /// <summary>
    /// The issues of the given rules (all when none given) as text, or a line saying there are none. Each issue is a
    /// short block — severity, rule, column and count on the first line, the message, then up to three examples —
    /// so that long messages wrap in a notebook's output instead of breaking a table apart.
    /// </summary>
    public string IssuesText(params string[] rules)
    {
        var issues = IssuesOf(rules).ToList();
        if (issues.Count == 0)
            return rules.Length == 0 ? "No issues.\n" : $"No issues ({string.Join(", ", rules)}).\n";
        var text = new System.Text.StringBuilder();
        foreach (var i in issues)
        {
            text.Append(i.Severity.ToString().ToUpperInvariant()).Append("  ").Append(i.Rule);
            if (!string.IsNullOrEmpty(i.Column)) text.Append("  ").Append(i.Column);
            text.Append("  (").Append(i.Count.ToString("N0")).AppendLine(")");
            text.Append("    ").AppendLine(i.Message);
            if (i.Examples.Count > 0)
                text.Append("    e.g. ").AppendLine(string.Join("; ", i.Examples.Take(3).Select(e => $"row {e.Row:N0}: {Shorten(e.Value, 60)}")));
        }
        return text.ToString();
    }

    private static string Shorten(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";

    /// <summary>The availability table as text; with <paramref name="flaggedOnly"/>, only columns not usable at scoring.</summary>
    public string AvailabilityText(bool flaggedOnly = false) => AvailabilityTable(flaggedOnly).ToString();

    /// <summary>The availability table (a notebook shows it as an HTML table).</summary>
    public ReportTable AvailabilityTable(bool flaggedOnly = false) =>
        ReportTable.Of(["column", "known at", "usable at scoring", "note"],
            Availability.Where(a => !flaggedOnly || !a.UsableAtScoring).Select(a => (IReadOnlyList<string>)
                [a.Column, a.Availability.ToString().ToLowerInvariant(), a.UsableAtScoring ? "yes" : "NO", a.Note]), maxWidth: 90);

    /// <summary>Leak suspects and the strongest columns as text.</summary>
    public string LeakText() => LeakTable().ToString();

    /// <summary>The verdict on leaks above the strongest single columns.</summary>
    public ReportTable LeakTable() =>
        ReportTable.Of(["column", "AUC", "method", "rows used"],
            StrongestColumns.Select(s => (IReadOnlyList<string>)[s.Column, s.Auc.ToString("F3"), s.Method, s.RowsUsed.ToString("N0")]),
            (LeakSuspects.Count == 0
                ? $"No leak suspects: no single column predicts the target with AUC above {LeakAucThreshold:F2}.\n"
                : $"LEAK SUSPECTS (AUC > {LeakAucThreshold:F2}): {string.Join(", ", LeakSuspects.Select(s => s.Column))}\n") +
            "\nStrongest single columns:");

    /// <summary>Related records as text.</summary>
    public string RelatedRecordsText() =>
        RelatedRecords.Note + "\n" +
        (RelatedRecords.ExampleGroups.Count == 0 ? ""
            : "First groups (data rows; all are in validation.json):\n" +
              string.Concat(RelatedRecords.ExampleGroups.Select(g => $"  rows {string.Join(", ", g)}\n")));

    /// <summary>The target's figures as text.</summary>
    public string TargetText() => Target is not { } t
        ? "No target column.\n"
        : $"{t.Column}: positive label '{t.PositiveLabel}', negative label '{t.NegativeLabel ?? "?"}'; " +
          $"{t.Positives:N0} positives, {t.Negatives:N0} negatives, {t.Missing:N0} missing; positive rate {t.PositiveRate:P2}\n" +
          "values: " + string.Join(", ", t.ValueCounts.OrderByDescending(v => v.Value).Take(10).Select(v => $"'{v.Key}' {v.Value:N0}")) + "\n";

    /// <summary>One paragraph: size, counts of errors and warnings, verdict.</summary>
    public string SummaryText()
    {
        int errors = Errors.Count(), warnings = Warnings.Count();
        return $"{Source}: {Rows:N0} rows × {Columns} columns. {errors} error(s), {warnings} warning(s). " +
               (errors > 0 ? "The data FAILS validation: " + string.Join("; ", Errors.Take(5).Select(e => e.Message))
                   : warnings > 0 ? "The data passes, with warnings for a reviewer." : "The data passes.") + "\n";
    }

    private const int MaxErrorsInMessage = 5;

    /// <summary>Throws a <see cref="UserFacingException"/> listing the errors (the first five), when there are any.</summary>
    public void ThrowIfErrors()
    {
        var errors = Errors.ToList();
        if (errors.Count > 0)
            throw new UserFacingException($"validation of {Source} found {errors.Count} error(s): " +
                                          string.Join(" | ", errors.Take(MaxErrorsInMessage).Select(e => $"[{e.Rule}] {e.Message}")) +
                                          (errors.Count > MaxErrorsInMessage
                                              ? $" | … and {errors.Count - MaxErrorsInMessage} more (all are listed in validation.json)"
                                              : ""));
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as JSON (validation.json): summary counts, issues and sections; no per-row data.</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        Source,
        Rows,
        Columns,
        Passed = !HasErrors,
        ErrorCount = Errors.Count(),
        WarningCount = Warnings.Count(),
        Issues,
        Availability,
        LeakAucThreshold,
        LeakSuspects,
        StrongestColumns,
        RelatedRecords = new
        {
            RelatedRecords.KeyColumns,
            RelatedRecords.Groups,
            RelatedRecords.RowsInGroups,
            RelatedRecords.ExampleGroups,
            RelatedRecords.Note,
            RelatedRecords.ExpectedChancePairs,
            RelatedRecords.Members,
        },
        Target,
    }, Json);

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> atomically, creating the folder.</summary>
    public void WriteJson(string path) => AtomicFile.WriteAllText(path, ToJson());
}
