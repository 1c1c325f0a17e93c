using System.Collections;
using System.Globalization;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>
/// The output formatter registry, like .NET Interactive's <c>Formatter.Register&lt;T&gt;</c>: for a value, each
/// MIME type is produced by the most specific registered formatter (the latest registration wins between equals).
/// Built in: text/plain for everything (numbers invariant, otherwise <c>ToString()</c>), text/html tables for a
/// Microsoft.Data.Analysis <c>DataFrame</c> and for sequences of records or objects, and for a Plotly.NET chart
/// Plotly's <c>application/vnd.plotly.v1+json</c> plus text/html (a div and a script calling <c>Plotly.newPlot</c>;
/// plotly.js itself is not loaded).
/// Thread-safe; notebooks and the library may register their own formatters.
/// </summary>
public static class Formatter
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";

    /// <summary>How many rows tables show.</summary>
    public const int MaxRows = 20;

    private sealed record Registration(Type Type, string MimeType, Func<object, string?> Format, long Order);

    private static readonly object Gate = new();
    private static readonly List<Registration> Registrations = [];
    private static long _order;

    static Formatter() => RegisterDefaults();

    /// <summary>Formats values of type <typeparamref name="T"/> (and subtypes) as <paramref name="mimeType"/>.</summary>
    public static void Register<T>(Func<T, string> format, string mimeType = Html) =>
        Register(typeof(T), value => format((T)value), mimeType);

    /// <summary>Formats values of type <typeparamref name="T"/> by writing to a <see cref="TextWriter"/>.</summary>
    public static void Register<T>(Action<T, TextWriter> format, string mimeType = Html) =>
        Register(typeof(T), value =>
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            format((T)value, writer);
            return writer.ToString();
        }, mimeType);

    /// <summary>Registers a formatter; returning null from it means "no output of this MIME type for this value".</summary>
    public static void Register(Type type, Func<object, string?> format, string mimeType)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(format);
        lock (Gate) Registrations.Add(new Registration(type, mimeType, format, ++_order));
    }

    /// <summary>Drops every registration added since start-up and restores the built-in ones.</summary>
    public static void ResetToDefaults()
    {
        lock (Gate) // the lock is re-entrant: Register takes it too, and no one sees a half-filled registry
        {
            Registrations.Clear();
            RegisterDefaults();
        }
    }

    /// <summary>The MIME bundle for a value: always text/plain, plus every other type a formatter produces.</summary>
    public static IReadOnlyDictionary<string, string> Format(object? value)
    {
        var bundle = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (value is null)
        {
            bundle[PlainText] = "<null>";
            return bundle;
        }
        List<Registration> candidates;
        lock (Gate) candidates = Registrations.Where(r => r.Type.IsInstanceOfType(value)).ToList();
        var type = value.GetType();
        foreach (var group in candidates.GroupBy(r => r.MimeType))
        {
            var best = group.OrderBy(r => Distance(type, r.Type)).ThenByDescending(r => r.Order).First();
            var text = best.Format(value);
            if (text is not null) bundle[group.Key] = text;
        }
        if (!bundle.ContainsKey(PlainText)) bundle[PlainText] = ToPlainText(value);
        return bundle;
    }

    /// <summary>The built-in text/plain form of a single value (numbers invariant, dates ISO).</summary>
    public static string ToPlainText(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        bool b => b ? "True" : "False",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable sequence => SequenceText(sequence),
        _ => value.ToString() ?? "",
    };

    private static string SequenceText(IEnumerable sequence)
    {
        var items = sequence.Cast<object?>().Take(MaxRows + 1).ToList();
        var shown = items.Take(MaxRows).Select(ToPlainText);
        return "[ " + string.Join(", ", shown) + (items.Count > MaxRows ? ", ..." : "") + " ]";
    }

    /// <summary>How far <paramref name="registered"/> is from the value's type: 0 exact, then base classes, then interfaces.</summary>
    private static int Distance(Type actual, Type registered)
    {
        var depth = 0;
        for (var t = actual; t is not null; t = t.BaseType, depth++)
            if (t == registered) return depth;
        return registered == typeof(object) ? 10_000 : 1_000;
    }

    private static void RegisterDefaults()
    {
        Register(typeof(object), ToPlainText, PlainText);
        Register(typeof(IEnumerable), value => value is string ? null : EnumerableTableFormatter.ToHtml((IEnumerable)value), Html);
        DataFrameFormatter.Register();
        PlotlyChartFormatter.Register();
        ReportFormatters.Register();
    }
}
