using CreditPoC.Notebooks.Formatting;
using CreditPoC.Notebooks.Recording;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// What every cell can call without a prefix, like the .NET Interactive C# kernel's <c>display</c>. The runner
/// points it at the cell that is running.
/// </summary>
public class NotebookGlobals
{
    internal ICellOutput? CurrentCell { get; set; }

    /// <summary>Shows a value below the cell, formatted by the <see cref="Formatter"/> registry.</summary>
    /// <param name="value">The value to show.</param>
    /// <param name="mimeTypes">
    /// Only these MIME types; a string value given with MIME types is used as-is, so
    /// <c>display("&lt;b&gt;hi&lt;/b&gt;", "text/html")</c> shows bold text, as in .NET Interactive.
    /// </param>
    /// <returns>A handle whose <see cref="DisplayedValue.Update"/> replaces the output in place.</returns>
#pragma warning disable IDE1006 // the lower-case name is the notebook convention (.NET Interactive's display)
    public DisplayedValue display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        var cell = CurrentCell ?? throw new InvalidOperationException("display() was called while no cell is running");
        var shown = new DisplayedValue(this, Guid.NewGuid().ToString("N"), mimeTypes);
        cell.AddDisplay(Bundle(value, mimeTypes), shown.DisplayId);
        return shown;
    }

    internal static IReadOnlyDictionary<string, string> Bundle(object? value, string[] mimeTypes)
    {
        if (mimeTypes.Length == 0) return Formatter.Format(value);
        if (value is string raw) return mimeTypes.ToDictionary(m => m, _ => raw, StringComparer.Ordinal);
        var all = Formatter.Format(value);
        return mimeTypes.ToDictionary(m => m, m => all.TryGetValue(m, out var text) ? text : Formatter.ToPlainText(value), StringComparer.Ordinal);
    }

    /// <summary>
    /// Records values for the run store, like papermill's scrapbook <c>glue</c>: metrics, the input files read (their
    /// content hashes are taken now) and the artifacts written. They are saved as an output of this cell; a pipeline
    /// reads them from the executed notebook into its run store.
    /// </summary>
    /// <param name="metrics">Named numbers, e.g. <c>["auc"] = 0.78</c>.</param>
    /// <param name="inputs">Files the notebook read; relative paths are relative to the working directory.</param>
    /// <param name="artifacts">Named files the notebook wrote.</param>
#pragma warning disable IDE1006 // lower case like display()
    public void record(IReadOnlyDictionary<string, double>? metrics = null, IEnumerable<string>? inputs = null,
        IReadOnlyDictionary<string, string>? artifacts = null)
    {
        var values = new RecordedValues(
            metrics ?? new Dictionary<string, double>(),
            (inputs ?? []).Select(Path.GetFullPath).Distinct().ToDictionary(p => p, Fingerprint.OfFile),
            (artifacts ?? new Dictionary<string, string>()).ToDictionary(a => a.Key, a => Path.GetFullPath(a.Value)));
        var cell = CurrentCell ?? throw new InvalidOperationException("record() was called while no cell is running");
        cell.AddDisplay(new Dictionary<string, string> { [RecordedValues.MimeType] = values.ToJson(), [Formatter.PlainText] = values.Describe() });
    }

    /// <summary>Records one metric for the run store.</summary>
    public void record(string metric, double value) => record(new Dictionary<string, double> { [metric] = value });
#pragma warning restore IDE1006
}
