namespace CreditPoC.Loading;

/// <summary>
/// The schema a PoC notebook reads a data file with. The notebooks name the Home Credit schema by default, and an
/// analyst who points them at another credit table expects them to work: when the file holds fewer than half of the
/// columns the schema names, it is another table, so its column types are inferred from the data (as with no
/// schema) and a warning says so, and how to say so up front. A file with most of the schema's columns is the
/// schema's table, so a column it lacks stays the loader's error.
/// </summary>
public static class SchemaChoice
{
    /// <summary>A file holding fewer than this share of the schema's columns is another table.</summary>
    public const double AnotherTableBelow = 0.5;

    /// <summary>
    /// The schema at <paramref name="schemaPath"/> for <paramref name="dataPath"/>: null when the path is empty (types
    /// inferred) or when the data looks like another table (then <paramref name="warn"/>, by default the console, is told).
    /// </summary>
    public static TableSchema? Load(string? schemaPath, string dataPath, Action<string>? warn = null) =>
        string.IsNullOrWhiteSpace(schemaPath) ? null : For(TableSchemaYaml.Load(schemaPath), dataPath, warn);

    /// <summary><paramref name="schema"/>, or null when <paramref name="dataPath"/> looks like another table.</summary>
    public static TableSchema? For(TableSchema schema, string dataPath, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var header = Header(dataPath);
        if (header is null || schema.Columns.Count == 0) return schema;
        var shared = schema.Columns.Where(c => header.Contains(c.Name)).Select(c => c.Name).ToList();
        if (shared.Count >= schema.Columns.Count * AnotherTableBelow) return schema;
        (warn ?? Console.WriteLine)(
            $"warning: {dataPath} has {shared.Count} of the {schema.Columns.Count} columns the schema names" +
            (shared.Count == 0 ? "" : $" ({NameList.Shorten(shared)})") +
            ": this looks like another table, so its column types are inferred from the data. " +
            "Run with -p SCHEMA_PATH \"\" to infer them without this warning, or give this table's schema");
        return null;
    }

    /// <summary>The file's column names (CSV header or Parquet schema); null when the loader should speak for the file (missing or unreadable).</summary>
    private static HashSet<string>? Header(string dataPath)
    {
        if (!File.Exists(dataPath)) return null;
        try
        {
            return TableFile.ColumnNames(dataPath).ToHashSet(StringComparer.Ordinal);
        }
        catch (UserFacingException)
        {
            return null;
        }
    }
}
