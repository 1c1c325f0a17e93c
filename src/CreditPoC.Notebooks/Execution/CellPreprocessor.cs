using System.Reflection;
using System.Text.RegularExpressions;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Execution;

/// <summary>A cell made ready for Roslyn: directives blanked out (line numbers stay), references to add, or why it cannot run.</summary>
internal sealed record PreparedCell(string Code, IReadOnlyList<Assembly> Assemblies, IReadOnlyList<string> Files, CellProblem? Problem);

/// <summary>A reason a cell cannot run, reported as the cell's error output.</summary>
internal sealed record CellProblem(string Name, string Message);

/// <summary>
/// Handles what the .NET Interactive kernel handles before C# sees a cell: the <c>#!csharp</c> magic (other
/// languages are an error naming the cell), <c>#r "nuget: ..."</c> (satisfied by the packages the engine carries),
/// <c>#r "path.dll"</c> (relative to the notebook; an assembly the engine already has is used as is) and
/// <c>#i</c> package sources (ignored). It also lets <c>record(...)</c> be called (<see cref="RecordCallSyntax"/>).
/// </summary>
internal static partial class CellPreprocessor
{
    private static readonly HashSet<string> CSharpNames = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#", "cs" };

    [GeneratedRegex("""^\s*#r\s+"(?<ref>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex ReferenceDirective();

    [GeneratedRegex("""^\s*#i\s+"[^"]*"\s*(//.*)?$""")]
    private static partial Regex SourceDirective();

    [GeneratedRegex("""^\s*#!(?<magic>\S+)""")]
    private static partial Regex Magic();

    public static PreparedCell Prepare(string source, string? cellKernel, string cellLabel, string notebookDirectory, string defaultKernel)
    {
        var kernel = cellKernel ?? defaultKernel;
        if (!CSharpNames.Contains(kernel))
            return Fail("UnsupportedLanguage", $"{cellLabel} is a '{kernel}' cell; the engine runs C# cells only");

        var lines = source.Split('\n');
        var assemblies = new List<Assembly>();
        var files = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var magic = Magic().Match(line);
            if (magic.Success)
            {
                var name = magic.Groups["magic"].Value;
                if (!CSharpNames.Contains(name))
                    return Fail("UnsupportedLanguage", $"{cellLabel}, line {i + 1}: '#!{name}' is not supported; the engine runs C# cells only");
                lines[i] = "";
                continue;
            }
            if (SourceDirective().IsMatch(line))
            {
                lines[i] = "";
                continue;
            }
            var reference = ReferenceDirective().Match(line);
            if (!reference.Success) continue;
            lines[i] = "";
            var problem = AddReference(reference.Groups["ref"].Value.Trim(), $"{cellLabel}, line {i + 1}", notebookDirectory, assemblies, files);
            if (problem is not null) return new PreparedCell("", [], [], problem);
        }
        return new PreparedCell(RecordCallSyntax.AsInvocations(string.Join('\n', lines)), assemblies, files, null);
    }

    private static CellProblem? AddReference(string text, string where, string notebookDirectory, List<Assembly> assemblies, List<string> files)
    {
        if (text.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            var package = text["nuget:".Length..].Split(',')[0].Trim();
            var carried = CarriedPackages.Resolve(package);
            if (carried is null)
                return new CellProblem("PackageNotAvailable",
                    $"{where}: #r \"{text}\": the headless engine cannot download packages and does not carry {package}. " +
                    $"It carries: {string.Join(", ", CarriedPackages.Describe())}");
            foreach (var file in carried) assemblies.AddRange(AssemblyClosure.Load(Path.GetFileNameWithoutExtension(file)));
            return null;
        }

        var path = Path.GetFullPath(Path.IsPathRooted(text) ? text : Path.Combine(notebookDirectory, text));
        var simpleName = Path.GetFileNameWithoutExtension(path);
        // The engine's own copy wins (CreditPoC.dll and its dependencies), even if the path does not exist here:
        // two copies of one assembly would make two incompatible sets of types.
        if (ReferenceCatalog.FindCarriedAssembly(simpleName) is not null)
        {
            assemblies.AddRange(AssemblyClosure.Load(simpleName));
            return null;
        }
        if (!File.Exists(path))
            return new CellProblem("ReferenceNotFound", $"{where}: #r \"{text}\": no such file {path}");
        files.Add(path);
        return null;
    }

    /// <summary>The kernel named in the cell's metadata (Polyglot first, then the legacy .NET Interactive field).</summary>
    public static string? CellKernel(NotebookCell cell)
    {
        var metadata = cell.Json["metadata"];
        return NotebookCell.GetString(metadata?["polyglot_notebook"], "kernelName")
            ?? NotebookCell.GetString(metadata?["dotnet_interactive"], "language");
    }

    /// <summary>The notebook's default kernel (Polyglot kernel info), csharp when unsaid.</summary>
    public static string DefaultKernel(Notebook notebook)
    {
        var info = notebook.Metadata["polyglot_notebook"]?["kernelInfo"];
        return NotebookCell.GetString(info, "defaultKernelName") ?? PolyglotNotebook.KernelName;
    }

    private static PreparedCell Fail(string name, string message) => new("", [], [], new CellProblem(name, message));
}

/// <summary>Loads an assembly the engine carries and, transitively, the non-framework assemblies it references.</summary>
internal static class AssemblyClosure
{
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Assembly>> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<Assembly> Load(string simpleName) => Cache.GetOrAdd(simpleName, LoadUncached);

    private static IReadOnlyList<Assembly> LoadUncached(string simpleName)
    {
        var result = new List<Assembly>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<AssemblyName>([new AssemblyName(simpleName)]);
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (name.Name is null || !seen.Add(name.Name)) continue;
            Assembly assembly;
            try
            {
                assembly = ReferenceCatalog.FindLoaded(name.Name) ?? Assembly.Load(new AssemblyName(name.Name));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                continue; // an optional dependency the engine does not carry
            }
            if (string.Equals(Path.GetDirectoryName(assembly.Location), FrameworkDirectory, StringComparison.Ordinal)) continue;
            result.Add(assembly);
            foreach (var referenced in assembly.GetReferencedAssemblies()) queue.Enqueue(referenced);
        }
        return result;
    }
}
