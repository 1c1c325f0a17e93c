namespace CreditPoC.Loading;

/// <summary>The value type of a column: whole numbers, real numbers or text (categories).</summary>
public enum ColumnType
{
    /// <summary>Whole numbers, loaded as an <c>Int64DataFrameColumn</c>.</summary>
    Integer,
    /// <summary>Real numbers, loaded as a <c>DoubleDataFrameColumn</c>.</summary>
    Float,
    /// <summary>Text, loaded as a <c>StringDataFrameColumn</c>.</summary>
    Text,
}

/// <summary>When a column's value becomes known in the life of a loan.</summary>
public enum Availability
{
    /// <summary>Known when the customer applies: usable for scoring.</summary>
    Application,
    /// <summary>Known only during the review (after the application, before the decision).</summary>
    Decision,
    /// <summary>Known only after the loan has run, like the target.</summary>
    Outcome,
}

/// <summary>One column of a <see cref="TableSchema"/>.</summary>
/// <param name="Name">The column name as in the CSV header.</param>
/// <param name="Type">The value type.</param>
/// <param name="Availability">When the value is known.</param>
public sealed record ColumnSchema(string Name, ColumnType Type, Availability Availability = Availability.Application)
{
    /// <summary>Allowed categories of a text column; null = any.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Smallest plausible value of a numeric column; null = no bound.</summary>
    public double? Min { get; init; }

    /// <summary>Largest plausible value of a numeric column; null = no bound.</summary>
    public double? Max { get; init; }

    /// <summary>Codes outside the range that carry a meaning (e.g. DAYS_EMPLOYED 365243 = not employed).</summary>
    public IReadOnlyList<double> SpecialValues { get; init; } = [];

    /// <summary>What the column means; optional.</summary>
    public string? Description { get; init; }

    /// <summary>True for integer and float columns.</summary>
    public bool IsNumeric => Type != ColumnType.Text;
}

/// <summary>
/// What a table should look like: its columns with type, allowed values and availability, plus the id column,
/// the target column and the target's positive label. Load one with <see cref="TableSchemaYaml.Load"/>.
/// </summary>
public sealed class TableSchema
{
    private readonly Dictionary<string, ColumnSchema> _byName;

    /// <summary>Creates a schema; column names must be unique.</summary>
    public TableSchema(IEnumerable<ColumnSchema> columns, string? idColumn = null, string? targetColumn = null,
        string? positiveLabel = null)
    {
        Columns = columns.ToList();
        _byName = new Dictionary<string, ColumnSchema>(StringComparer.Ordinal);
        foreach (var column in Columns)
            if (!_byName.TryAdd(column.Name, column))
                throw new UserFacingException($"the schema names the column {column.Name} twice");
        IdColumn = string.IsNullOrEmpty(idColumn) ? null : idColumn;
        TargetColumn = string.IsNullOrEmpty(targetColumn) ? null : targetColumn;
        PositiveLabel = string.IsNullOrEmpty(positiveLabel) ? null : positiveLabel;
    }

    /// <summary>The columns in schema order.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The column that identifies a row, or null.</summary>
    public string? IdColumn { get; }

    /// <summary>The column to predict, or null.</summary>
    public string? TargetColumn { get; }

    /// <summary>The target value that means "defaulted" (as text, e.g. "1" or "bad"), or null.</summary>
    public string? PositiveLabel { get; }

    /// <summary>The column with this name, or null.</summary>
    public ColumnSchema? Find(string name) => _byName.GetValueOrDefault(name);
}
