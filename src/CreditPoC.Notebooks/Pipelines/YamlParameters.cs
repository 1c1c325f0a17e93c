using CreditPoC.Notebooks.Parameters;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>
/// Parameter values written in YAML, turned into the text form the notebook runner converts to each declared
/// type. A scalar is taken exactly as written (<c>2021-01-31</c>, <c>0.5</c>, <c>true</c>, <c>train</c>; dates
/// stay text). A sequence of scalars becomes its items joined with commas (<c>[a, b]</c> → <c>a,b</c>), the
/// form a <c>string[]</c> parameter reads. A mapping, a nested sequence or a null value is an error naming the
/// parameter.
/// </summary>
public static class YamlParameters
{
    /// <summary>Reads a parameters file: one YAML mapping of <c>NAME: value</c>.</summary>
    public static IReadOnlyDictionary<string, string> LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot read the parameters file {path}: {e.Message}", e);
        }
        var root = YamlDocuments.Parse(text, path);
        if (root is null) return new Dictionary<string, string>();
        if (root is not YamlMappingNode mapping)
            throw new UserFacingException($"{path}, line {root.Start.Line}: expected a mapping of parameter names to values (NAME: value)");
        return FromMapping(mapping, path);
    }

    /// <summary>Converts a mapping of <c>NAME: value</c> to text values; <paramref name="source"/> names it in errors.</summary>
    public static Dictionary<string, string> FromMapping(YamlMappingNode mapping, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = keyNode is YamlScalarNode { Value: { Length: > 0 } key } ? key
                : throw new UserFacingException($"{source}, line {keyNode.Start.Line}: a parameter name must be a plain word");
            ParameterName.Check(name, $"{source}, line {keyNode.Start.Line}");
            values[name] = ToText(valueNode, name, source);
        }
        return values;
    }

    private static string ToText(YamlNode node, string name, string source) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) =>
            throw new UserFacingException($"{source}, line {node.Start.Line}: parameter {name} has no value; write a value, or \"\" for an empty text"),
        YamlScalarNode scalar => scalar.Value!,
        YamlSequenceNode sequence => string.Join(',', sequence.Children.Select(item => item is YamlScalarNode s && !IsNull(s)
            ? s.Value!
            : throw new UserFacingException($"{source}, line {item.Start.Line}: parameter {name}: a list may hold only plain values"))),
        _ => throw new UserFacingException($"{source}, line {node.Start.Line}: parameter {name} must be a value or a list of values, not a mapping"),
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>Parses YAML text into its single document's root node, with errors that name the file and line.</summary>
internal static class YamlDocuments
{
    public static YamlNode? Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"{path}, line {e.Start.Line}: not valid YAML: {Innermost(e).Message}", e);
        }
        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
