using System.Collections;
using System.Reflection;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>Sequences as HTML tables: one row per item (first <see cref="Formatter.MaxRows"/>), one column per public property of records and objects, or a single value column for scalars.</summary>
public static class EnumerableTableFormatter
{
    public static string ToHtml(IEnumerable sequence)
    {
        var items = sequence.Cast<object?>().Take(Formatter.MaxRows + 1).ToList();
        var more = items.Count > Formatter.MaxRows;
        if (more) items.RemoveAt(items.Count - 1);
        var sample = items.FirstOrDefault(i => i is not null);
        var properties = sample is null || IsScalar(sample.GetType())
            ? []
            : sample.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();

        var headers = new List<string> { "index" };
        headers.AddRange(properties.Length == 0 ? ["value"] : properties.Select(p => p.Name));
        var rows = items.Select((item, i) =>
        {
            var row = new List<string> { i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (properties.Length == 0) row.Add(Formatter.ToPlainText(item));
            else row.AddRange(properties.Select(p => Formatter.ToPlainText(ReadProperty(p, item))));
            return (IReadOnlyList<string>)row;
        });
        string? footer = null;
        if (more)
            footer = sequence is ICollection collection
                ? $"first {Formatter.MaxRows} of {collection.Count} items"
                : $"first {Formatter.MaxRows} items (more not shown)";
        return HtmlText.Table(headers, rows, footer);
    }

    private static object? ReadProperty(PropertyInfo property, object? item)
    {
        if (item is null || !property.DeclaringType!.IsInstanceOfType(item)) return null;
        try
        {
            return property.GetValue(item);
        }
        catch (TargetInvocationException e)
        {
            return $"<{e.InnerException?.GetType().Name ?? "error"}>";
        }
    }

    internal static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) ||
        type == typeof(DateOnly) || type == typeof(TimeSpan) || type == typeof(DateTimeOffset) || type == typeof(Guid) ||
        type == typeof(TimeOnly);
}
