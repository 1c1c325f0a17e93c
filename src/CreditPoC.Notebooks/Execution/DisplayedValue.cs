using CreditPoC.Notebooks.Formatting;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// What <c>display(...)</c> returns, as in .NET Interactive: <c>var shown = display(x); ... shown.Update(y);</c>
/// replaces the shown output in place (Jupyter's <c>update_display_data</c>), also from a later cell.
/// </summary>
public sealed class DisplayedValue
{
    private readonly NotebookGlobals _globals;
    private readonly string[] _mimeTypes;

    internal DisplayedValue(NotebookGlobals globals, string displayId, string[] mimeTypes)
    {
        _globals = globals;
        DisplayId = displayId;
        _mimeTypes = mimeTypes;
    }

    /// <summary>The display's id (Jupyter's <c>transient.display_id</c>).</summary>
    public string DisplayId { get; }

    /// <summary>Shows <paramref name="value"/> in place of what was shown, formatted as the first value was.</summary>
    public void Update(object? value)
    {
        var cell = _globals.CurrentCell ?? throw new InvalidOperationException("Update() was called while no cell is running");
        cell.UpdateDisplay(NotebookGlobals.Bundle(value, _mimeTypes), DisplayId);
    }

    public override string ToString() => $"display {DisplayId}";
}
