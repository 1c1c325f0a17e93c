using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// The assemblies cells compile against: the .NET framework, plus what the engine carries (the CreditPoC library
/// and its dependencies, found in the application folder). References are created once per process and shared
/// by every run, so a pipeline pays for reading metadata once.
/// </summary>
internal static class ReferenceCatalog
{
    private static readonly string FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    private static readonly string EngineAssemblyFile = Path.GetFileName(typeof(ReferenceCatalog).Assembly.Location);
    private static readonly ConcurrentDictionary<string, PortableExecutableReference> ByPath = new(StringComparer.Ordinal);

    private static readonly Lazy<ImmutableArray<MetadataReference>> Framework = new(() =>
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return tpa.Where(p => string.Equals(Path.GetDirectoryName(p), FrameworkDirectory, StringComparison.Ordinal))
            .Select(p => (MetadataReference)FromFile(p))
            .ToImmutableArray();
    });

    /// <summary>Every assembly of the shared framework (System.*, Microsoft.*).</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => Framework.Value;

    /// <summary>
    /// The framework assemblies every cell compiles against: the core types, collections, the console, every LINQ
    /// flavour (so that a query binds to the same extension methods as with the whole framework), JSON and HTTP.
    /// Binding cost grows with the number of references (a trivial cell compiles about four times faster against
    /// these than against all 170), so the rest of the framework is added when a cell needs it
    /// (<see cref="ScriptSession"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> CommonFrameworkAssemblies = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "System.Private.CoreLib", "System.Runtime", "netstandard", "mscorlib", "System.Collections", "System.Collections.Concurrent",
        "System.Console", "System.Linq", "System.Linq.Expressions", "System.Linq.Queryable", "System.Linq.Parallel",
        "System.Linq.AsyncEnumerable", "System.Memory", "System.Text.RegularExpressions", "System.Threading",
        "System.Threading.Tasks.Parallel", "System.Text.Json", "System.Net.Http",
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> Common = new(() =>
        Framework.Value.Where(r => r is PortableExecutableReference { FilePath: { } path } &&
                                   CommonFrameworkAssemblies.Contains(Path.GetFileNameWithoutExtension(path))).ToImmutableArray());

    /// <summary>The references of <see cref="CommonFrameworkAssemblies"/>.</summary>
    public static ImmutableArray<MetadataReference> CommonFrameworkReferences => Common.Value;

    public static PortableExecutableReference FromFile(string path) =>
        ByPath.GetOrAdd(Path.GetFullPath(path), p => MetadataReference.CreateFromFile(p));

    /// <summary>
    /// An assembly the engine has by simple name: loaded already, in the application folder, or in the framework.
    /// Returns its file, or null.
    /// </summary>
    public static string? FindCarriedAssembly(string simpleName)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => !a.IsDynamic && a.Location.Length > 0 && string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));
        if (loaded is not null) return loaded.Location;
        var local = Path.Combine(AppContext.BaseDirectory, simpleName + ".dll");
        if (File.Exists(local)) return local;
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return tpa.FirstOrDefault(p => string.Equals(Path.GetFileNameWithoutExtension(p), simpleName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The already-loaded assembly with this simple name, if any.</summary>
    public static Assembly? FindLoaded(string simpleName) => AppDomain.CurrentDomain.GetAssemblies()
        .FirstOrDefault(a => !a.IsDynamic && string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Resolves <c>#r</c> paths like the scripting default, and also the assemblies a referenced assembly needs
    /// (CreditPoC.dll needs Microsoft.Data.Analysis, ...) from what the engine carries, the way VS Code finds
    /// them beside the referenced file.
    /// </summary>
    internal sealed class Resolver : MetadataReferenceResolver
    {
        public static readonly Resolver Instance = new();

        public override bool ResolveMissingAssemblies => true;

        public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
        {
            // The framework's own facades and the engine assembly (which only lends cells its globals type) never
            // need their missing references: resolving them would read Roslyn's and Windows-only metadata for nothing.
            if (definition is PortableExecutableReference { FilePath: { } owner } &&
                (string.Equals(Path.GetDirectoryName(owner), FrameworkDirectory, StringComparison.Ordinal) ||
                 string.Equals(Path.GetFileName(owner), EngineAssemblyFile, StringComparison.OrdinalIgnoreCase)))
                return null;
            var path = FindCarriedAssembly(referenceIdentity.Name);
            if (path is null && definition is PortableExecutableReference { FilePath: { } definitionPath })
            {
                var beside = Path.Combine(Path.GetDirectoryName(definitionPath)!, referenceIdentity.Name + ".dll");
                if (File.Exists(beside)) path = beside;
            }
            return path is null ? null : FromFile(path);
        }

        public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties) =>
            ScriptMetadataResolver.Default.ResolveReference(reference, baseFilePath, properties);

        public override bool Equals(object? other) => ReferenceEquals(this, other);

        public override int GetHashCode() => 1;
    }
}
