using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Exploration;

/// <summary>
/// Profiles a table column by column (in parallel): types, missing values, numeric statistics, 5–95% clipped
/// histograms, category frequencies, special values, the target rate by category or numeric bin and each
/// column's association with the target.
/// </summary>
public static class DataProfiler
{
    /// <summary>Profiles <paramref name="data"/>; <paramref name="source"/> names it in the profile.</summary>
    /// <exception cref="UserFacingException">
    /// The target column is not in the table, holds values other than the positive label and one negative label, or
    /// holds one class only (as 01_data_validation refuses it).
    /// </exception>
    public static DataProfile Profile(DataFrame data, ProfileOptions? options = null, string source = "table")
    {
        options ??= new ProfileOptions();
        TargetVector? target = null;
        if (!string.IsNullOrEmpty(options.Target))
            target = TargetVector.From(data, options.Target,
                options.PositiveLabel ?? throw new UserFacingException("a target was given without its positive label"), source);
        if (target is not null && (target.OtherValues.Count != 1 || !target.HasPositive))
            throw new UserFacingException(
                (!target.HasPositive ? target.PositiveNotFoundMessage()
                    : target.OtherValues.Count == 0 ? target.SingleClassMessage()
                    : $"target column {target.Column} holds {target.Seen()}; expected the positive label '{target.PositiveLabel}' and one negative label ({TargetVector.MatchingRule})") +
                ". Check the TARGET and POSITIVE_LABEL parameters, or clean the data (01_data_validation lists the offending rows)");
        int[]? labels = target is not null && target.NegativeLabel is not null ? target.Labels : null;

        var columns = new ColumnProfile[data.Columns.Count];
        Parallel.For(0, columns.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            var column = data.Columns[c];
            bool isTargetOrId = column.Name == options.Target || column.Name == options.IdColumn;
            var columnLabels = isTargetOrId ? null : labels;
            var declared = options.Schema?.Find(column.Name)?.SpecialValues ?? [];
            columns[c] = ColumnValues.IsNumeric(column)
                ? NumericProfiler.Profile(column.Name, ColumnValues.Numbers(column), ColumnValues.IsInteger(column), columnLabels, declared, options)
                : TextProfiler.Profile(column.Name, ColumnValues.Texts(column), columnLabels, options);
        });
        return new DataProfile
        {
            Source = source,
            Rows = data.Rows.Count,
            Target = options.Target,
            PositiveLabel = options.PositiveLabel,
            PositiveRate = target?.PositiveRate,
            IdColumn = options.IdColumn,
            Columns = columns,
        };
    }
}
