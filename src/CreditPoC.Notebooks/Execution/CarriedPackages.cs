using System.Text.Json;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// The NuGet packages the engine carries, read from the application's <c>.deps.json</c>: a notebook's
/// <c>#r "nuget: Name, Version"</c> is satisfied by the engine's copy of that package (and its dependencies)
/// instead of a download. Without a deps file, a package counts as carried when an assembly of its name is.
/// </summary>
internal static class CarriedPackages
{
    /// <summary>
    /// Packages that only teach VS Code how to display things; the engine's own formatters do that job, so
    /// their <c>#r</c> lines are accepted and add nothing.
    /// </summary>
    public static readonly IReadOnlySet<string> DisplayOnly = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Plotly.NET.Interactive", "Microsoft.Data.Analysis.Interactive", "Microsoft.DotNet.Interactive.Formatting",
    };

    private sealed record Package(string Name, string Version, IReadOnlyList<string> AssemblyFiles, IReadOnlyList<string> Dependencies);

    private static readonly Lazy<Dictionary<string, Package>> Packages = new(Load);

    /// <summary>The assembly files that a reference to <paramref name="name"/> brings in, or null if not carried.</summary>
    public static IReadOnlyList<string>? Resolve(string name)
    {
        if (DisplayOnly.Contains(name)) return [];
        var packages = Packages.Value;
        if (!packages.ContainsKey(name))
        {
            var single = ReferenceCatalog.FindCarriedAssembly(name);
            return single is null ? null : [single];
        }
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<string>([name]);
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            if (!seen.Add(next) || !packages.TryGetValue(next, out var package)) continue;
            files.AddRange(package.AssemblyFiles.Select(f => Path.Combine(AppContext.BaseDirectory, f)).Where(File.Exists));
            foreach (var dependency in package.Dependencies) queue.Enqueue(dependency);
        }
        return files;
    }

    /// <summary>Names and versions of the carried packages, for error messages.</summary>
    public static IReadOnlyList<string> Describe() =>
        Packages.Value.Values.Select(p => $"{p.Name} {p.Version}").Order(StringComparer.OrdinalIgnoreCase).ToList();

    private static Dictionary<string, Package> Load()
    {
        var result = new Dictionary<string, Package>(StringComparer.OrdinalIgnoreCase);
        foreach (var depsFile in DepsFiles())
            ReadDepsFile(depsFile, result);
        return result;
    }

    private static void ReadDepsFile(string depsFile, Dictionary<string, Package> result)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(depsFile));
            var root = document.RootElement;
            if (!root.TryGetProperty("targets", out var targets) || !root.TryGetProperty("libraries", out var libraries)) return;
            foreach (var target in targets.EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/');
                    if (slash < 0 || !libraries.TryGetProperty(library.Name, out var info) ||
                        !info.TryGetProperty("type", out var type) || type.GetString() != "package") continue;
                    var files = library.Value.TryGetProperty("runtime", out var runtime)
                        ? runtime.EnumerateObject().Select(r => Path.GetFileName(r.Name)).Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList()
                        : [];
                    var dependencies = library.Value.TryGetProperty("dependencies", out var deps)
                        ? deps.EnumerateObject().Select(d => d.Name).ToList()
                        : [];
                    var name = library.Name[..slash];
                    result.TryAdd(name, new Package(name, library.Name[(slash + 1)..], files, dependencies));
                }
                break; // the first target is the runtime's
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // An unreadable deps file only narrows what counts as carried; assembly names still work.
        }
    }

    /// <summary>The app's deps files: the ones the host lists, then any in the application folder (test hosts list their own).</summary>
    private static IEnumerable<string> DepsFiles()
    {
        var listed = ((string?)AppContext.GetData("APP_CONTEXT_DEPS_FILES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var local = Directory.Exists(AppContext.BaseDirectory) ? Directory.GetFiles(AppContext.BaseDirectory, "*.deps.json") : [];
        return listed.Concat(local).Where(File.Exists).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal);
    }
}
