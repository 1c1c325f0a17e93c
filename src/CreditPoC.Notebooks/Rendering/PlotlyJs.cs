namespace CreditPoC.Notebooks.Rendering;

/// <summary>
/// The plotly.js bundle that Plotly.NET carries as an embedded resource of Plotly.NET.dll
/// (<c>Plotly.NET.plotly-&lt;version&gt;.min.js</c>), so that rendered pages draw charts with no network.
/// </summary>
public static class PlotlyJs
{
    private static readonly Lazy<(string Name, string Source)> Bundle = new(Load);

    /// <summary>The resource name, which carries the plotly.js version, e.g. <c>Plotly.NET.plotly-2.28.0.min.js</c>.</summary>
    public static string ResourceName => Bundle.Value.Name;

    /// <summary>The minified plotly.js source (about 3.6 MB), read once per process.</summary>
    public static string Source => Bundle.Value.Source;

    private static (string, string) Load()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} does not embed plotly.min.js any more; charts cannot be inlined");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return (name, reader.ReadToEnd());
    }
}
