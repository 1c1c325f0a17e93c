using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CreditPoC.Loading;

/// <summary>
/// Finds ParquetSharp's native library when the host process does not know it: a notebook that loads CreditPoC.dll
/// with <c>#r</c> runs in a process whose dependency list (deps.json) never named ParquetSharp, so .NET does not look
/// in <c>runtimes/&lt;rid&gt;/native/</c> beside CreditPoC.dll, where the build copied it. Default probing goes first;
/// this only answers when it failed.
/// </summary>
internal static class ParquetNative
{
    private static int _registered;

    public static void Ensure()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var parquetSharp = typeof(ParquetSharp.ParquetFileReader).Assembly;
        var context = AssemblyLoadContext.GetLoadContext(parquetSharp) ?? AssemblyLoadContext.Default;
        context.ResolvingUnmanagedDll += Resolve;
        if (context != AssemblyLoadContext.Default) AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        if (!name.Contains("ParquetSharpNative", StringComparison.Ordinal)) return IntPtr.Zero;
        var folders = new[] { typeof(ParquetNative).Assembly.Location, assembly.Location }
            .Where(l => !string.IsNullOrEmpty(l)).Select(Path.GetDirectoryName).OfType<string>().Distinct();
        string[] files = OperatingSystem.IsWindows() ? [name + ".dll"]
            : OperatingSystem.IsMacOS() ? [name + ".dylib", "lib" + name + ".dylib"]
            : [name + ".so", "lib" + name + ".so"];
        foreach (var folder in folders)
            foreach (var file in files)
            {
                var candidate = Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
                candidate = Path.Combine(folder, "runtimes", PortableRid(), "native", file);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle)) return handle;
            }
        return IntPtr.Zero;
    }

    /// <summary>linux-x64, osx-arm64, win-x64, ...: the folder names NuGet packages use.</summary>
    private static string PortableRid()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
    }
}
