using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CreditPoC.Loading;

/// <summary>
/// Reads a <see cref="TableSchema"/> from YAML:
/// <code>
/// id: SK_ID_CURR
/// target: TARGET
/// positive_label: "1"
/// columns:
///   - name: DAYS_EMPLOYED
///     type: integer            # integer | float | text
///     min: -20000
///     max: 0
///     special_values: [365243] # codes outside min..max that carry a meaning
///     availability: application # application | decision | outcome (default application)
///     description: days employed before the application
///   - name: CODE_GENDER
///     type: text
///     categories: [F, M, XNA]
/// </code>
/// </summary>
public static class TableSchemaYaml
{
    /// <summary>Loads the schema file; a missing file or a bad entry is a <see cref="UserFacingException"/>.</summary>
    public static TableSchema Load(string path)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"schema file {path} does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses schema YAML; <paramref name="source"/> names it in error messages.</summary>
    public static TableSchema Parse(string yaml, string source = "schema")
    {
        SchemaDocument? document;
        try
        {
            var deserializer = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build();
            document = deserializer.Deserialize<SchemaDocument?>(yaml);
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"{source}: not a valid schema at line {e.Start.Line}: {Inner(e).Message}", e);
        }

        if (document?.Columns is not { Count: > 0 })
            throw new UserFacingException($"{source}: the schema has no columns (expected a 'columns:' list)");
        var columns = document.Columns.Select((c, i) => ToColumn(c, i, source)).ToList();
        var schema = new TableSchema(columns, document.Id, document.Target, document.PositiveLabel);
        foreach (var (role, name) in new[] { ("id", schema.IdColumn), ("target", schema.TargetColumn) })
            if (name is not null && schema.Find(name) is null)
                throw new UserFacingException($"{source}: the {role} column {name} is not among the schema's columns");
        return schema;
    }

    private static Exception Inner(Exception e) => e.InnerException is null ? e : Inner(e.InnerException);

    private static ColumnSchema ToColumn(ColumnDocument c, int index, string source)
    {
        if (string.IsNullOrWhiteSpace(c.Name))
            throw new UserFacingException($"{source}: column #{index + 1} has no name");
        var type = (c.Type ?? "").Trim().ToLowerInvariant() switch
        {
            "integer" or "int" => ColumnType.Integer,
            "float" or "double" or "number" => ColumnType.Float,
            "text" or "string" or "category" => ColumnType.Text,
            _ => throw new UserFacingException(
                $"{source}: column {c.Name} has type '{c.Type}'; expected integer, float or text"),
        };
        var availability = (c.Availability ?? "application").Trim().ToLowerInvariant() switch
        {
            "application" => Availability.Application,
            "decision" => Availability.Decision,
            "outcome" => Availability.Outcome,
            _ => throw new UserFacingException(
                $"{source}: column {c.Name} has availability '{c.Availability}'; expected application, decision or outcome"),
        };
        if (c.Min is { } min && c.Max is { } max && min > max)
            throw new UserFacingException($"{source}: column {c.Name} has min {min} above max {max}");
        if (type == ColumnType.Text && (c.Min is not null || c.Max is not null))
            throw new UserFacingException($"{source}: column {c.Name} is text but has a min or max");
        if (type != ColumnType.Text && c.Categories is not null)
            throw new UserFacingException($"{source}: column {c.Name} is numeric but has categories");
        return new ColumnSchema(c.Name, type, availability)
        {
            Categories = c.Categories,
            Min = c.Min,
            Max = c.Max,
            SpecialValues = c.SpecialValues ?? [],
            Description = c.Description,
        };
    }

    /// <summary>Writes a schema as YAML (e.g. an inferred one, for a user to edit).</summary>
    public static string ToYaml(TableSchema schema)
    {
        var document = new SchemaDocument
        {
            Id = schema.IdColumn,
            Target = schema.TargetColumn,
            PositiveLabel = schema.PositiveLabel,
            Columns = schema.Columns.Select(c => new ColumnDocument
            {
                Name = c.Name,
                Type = c.Type.ToString().ToLowerInvariant(),
                Categories = c.Categories?.ToList(),
                Min = c.Min,
                Max = c.Max,
                SpecialValues = c.SpecialValues.Count == 0 ? null : c.SpecialValues.ToList(),
                Availability = c.Availability.ToString().ToLowerInvariant(),
                Description = c.Description,
            }).ToList(),
        };
        return new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build()
            .Serialize(document);
    }

    private sealed class SchemaDocument
    {
        public string? Id { get; set; }
        public string? Target { get; set; }
        public string? PositiveLabel { get; set; }
        public List<ColumnDocument>? Columns { get; set; }
    }

    private sealed class ColumnDocument
    {
        public string? Name { get; set; }
        public string? Type { get; set; }
        public List<string>? Categories { get; set; }
        public double? Min { get; set; }
        public double? Max { get; set; }
        public List<double>? SpecialValues { get; set; }
        public string? Availability { get; set; }
        public string? Description { get; set; }
    }
}
