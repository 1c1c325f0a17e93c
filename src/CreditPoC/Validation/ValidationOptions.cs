using CreditPoC.Loading;

namespace CreditPoC.Validation;

/// <summary>What <see cref="DataValidator"/> needs to know about a table. Only the target and its positive label are required.</summary>
/// <param name="Target">The target column, e.g. "TARGET".</param>
/// <param name="PositiveLabel">The target value meaning "defaulted", e.g. "1" or "bad".</param>
public sealed record ValidationOptions(string Target, string PositiveLabel)
{
    /// <summary>The id column, or null/empty when the table has none.</summary>
    public string? IdColumn { get; init; }

    /// <summary>The schema to check against, or null to skip conformance (types are then as loaded).</summary>
    public TableSchema? Schema { get; init; }

    /// <summary>Key columns for related records; null = <see cref="RelatedRecords.HomeCreditKey"/> when present.</summary>
    public IReadOnlyList<string>? RelatedRecordKey { get; init; }

    /// <summary>Single-feature AUC above which a column is a leak suspect.</summary>
    public double LeakAucThreshold { get; init; } = 0.95;
}
