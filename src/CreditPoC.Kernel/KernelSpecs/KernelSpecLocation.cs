namespace CreditPoC.Kernel.KernelSpecs;

/// <summary>Where a kernelspec goes: <c>&lt;base&gt;/share/jupyter/kernels/NAME</c>, or the user's Jupyter data folder.</summary>
public sealed record KernelSpecLocation(string KernelsDirectory, string Description)
{
    /// <summary>The user's Jupyter data folder, as jupyter_core finds it ($JUPYTER_DATA_DIR, then the platform's default).</summary>
    public static KernelSpecLocation User()
    {
        var data = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (string.IsNullOrEmpty(data))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (OperatingSystem.IsWindows()) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
            else if (OperatingSystem.IsMacOS()) data = Path.Combine(home, "Library", "Jupyter");
            else
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                data = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
            }
        }
        return new KernelSpecLocation(Path.Combine(data, "kernels"), "the user's Jupyter data folder");
    }

    public static KernelSpecLocation Prefix(string prefix) =>
        new(Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels"), $"prefix {prefix}");

    /// <summary>The Python environment's prefix (where that environment's Jupyter looks), from <c>python3 -c "import sys; print(sys.prefix)"</c>.</summary>
    public static KernelSpecLocation SysPrefix()
    {
        var prefix = PythonPrefix() ?? throw new UserFacingException("--sys-prefix needs python3 on the PATH (it names the environment Jupyter runs in); use --prefix DIR or --user instead");
        return new KernelSpecLocation(Path.Combine(prefix, "share", "jupyter", "kernels"), $"the Python environment {prefix}");
    }

    /// <summary>Every folder Jupyter searches for kernels, in its order: JUPYTER_PATH, the user's, the environment's, the system's.</summary>
    public static IReadOnlyList<string> SearchPath()
    {
        var folders = new List<string>();
        foreach (var entry in (Environment.GetEnvironmentVariable("JUPYTER_PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            folders.Add(Path.Combine(entry, "kernels"));
        folders.Add(User().KernelsDirectory);
        if (PythonPrefix() is { } prefix) folders.Add(Path.Combine(prefix, "share", "jupyter", "kernels"));
        if (!OperatingSystem.IsWindows())
        {
            folders.Add("/usr/local/share/jupyter/kernels");
            folders.Add("/usr/share/jupyter/kernels");
        }
        return folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? PythonPrefix()
    {
        try
        {
            var info = new System.Diagnostics.ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("import sys; print(sys.prefix)");
            using var process = System.Diagnostics.Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
