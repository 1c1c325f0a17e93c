using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.KernelSpecs;

/// <summary>One installed kernelspec.</summary>
public sealed record InstalledKernelSpec(string Name, string Directory, string DisplayName, string Language, bool IsCreditPoC);

/// <summary>
/// Writes, finds and removes kernelspecs in Jupyter's layout (<c>kernels/NAME/kernel.json</c> and a logo), so
/// that VS Code, JupyterLab, nbclient and Papermill start this kernel for notebooks whose metadata names it.
/// </summary>
public static class KernelSpecInstaller
{
    /// <summary>The name in our notebooks' metadata, under which Papermill's C# translator is registered.</summary>
    public const string DefaultName = ".net-csharp";
    public const string DisplayName = ".NET (C#)";
    private const string LogoFile = "logo-64x64.png";

    /// <summary>Installs the spec; returns its folder and whether an existing one was replaced.</summary>
    /// <param name="launcher">The command that starts the kernel verb, e.g. <c>dotnet /path/CreditPoC.Cli.dll kernel</c>.</param>
    public static (string Directory, bool Replaced) Install(KernelSpecLocation location, string name, IReadOnlyList<string> launcher, bool force)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\', ' ']) >= 0 || name is "." or "..")
            throw new UserFacingException($"kernel name '{name}' is not usable as a folder name; use letters, digits, '.', '-' or '_'");
        var target = Path.Combine(location.KernelsDirectory, name);
        var exists = Directory.Exists(target);
        if (exists && !force)
            throw new UserFacingException($"a kernelspec '{name}' already exists at {target} ({Describe(target)}); add --force to replace it");

        Directory.CreateDirectory(location.KernelsDirectory);
        var staging = Path.Combine(location.KernelsDirectory, $".{name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "kernel.json"), KernelJson(launcher).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            using (var logo = typeof(KernelSpecInstaller).Assembly.GetManifestResourceStream(LogoFile)!)
            using (var file = File.Create(Path.Combine(staging, LogoFile)))
                logo.CopyTo(file);
            if (exists) Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return (target, exists);
    }

    public static JsonObject KernelJson(IReadOnlyList<string> launcher) => new()
    {
        ["argv"] = new JsonArray([.. launcher.Select(a => (JsonNode?)a), "-f", "{connection_file}"]),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { ["debugger"] = false, ["implementation"] = KernelIdentity.Implementation },
    };

    /// <summary>Every kernelspec in Jupyter's search path; the first of a name wins, as in Jupyter.</summary>
    public static IReadOnlyList<InstalledKernelSpec> List(IEnumerable<string> kernelDirectories)
    {
        var found = new Dictionary<string, InstalledKernelSpec>(StringComparer.Ordinal);
        foreach (var folder in kernelDirectories.Where(Directory.Exists))
            foreach (var spec in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(spec);
                if (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal) || found.ContainsKey(name) || Read(spec) is not { } json) continue;
                found[name] = new InstalledKernelSpec(name, spec, (string?)json["display_name"] ?? name, (string?)json["language"] ?? "",
                    (string?)json["metadata"]?["implementation"] == KernelIdentity.Implementation);
            }
        return found.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Removes the spec NAME from <paramref name="location"/>; returns its folder.</summary>
    public static string Uninstall(KernelSpecLocation location, string name)
    {
        var target = Path.Combine(location.KernelsDirectory, name);
        if (!File.Exists(Path.Combine(target, "kernel.json")))
            throw new UserFacingException($"no kernelspec '{name}' in {location.KernelsDirectory} ({location.Description}); 'creditpoc kernel list' shows where kernels are");
        Directory.Delete(target, recursive: true);
        return target;
    }

    private static JsonObject? Read(string spec)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path.Combine(spec, "kernel.json"))) as JsonObject;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Describe(string spec) =>
        Read(spec) is { } json
            ? (string?)json["metadata"]?["implementation"] == KernelIdentity.Implementation ? "this kernel, perhaps from another build" : $"another kernel: {(string?)json["display_name"]}, argv {json["argv"]?.ToJsonString()}"
            : "not a readable kernel.json";
}
