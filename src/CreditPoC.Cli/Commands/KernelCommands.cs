using CreditPoC.Kernel;
using CreditPoC.Kernel.KernelSpecs;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc kernel -f CONNECTION_FILE</c>: the Jupyter kernel that Jupyter clients start from the kernelspec.</summary>
public sealed class KernelCommand : ICliCommand
{
    public string Name => "kernel";

    public string Summary => "run the C# Jupyter kernel for a client (VS Code, JupyterLab, nbclient, Papermill)";

    public string Usage => """
        creditpoc kernel -f CONNECTION_FILE
          -f, --connection-file  the connection file the Jupyter client wrote (ports, ip, signing key)
        Clients start this from the kernelspec that 'creditpoc kernel install' writes; see also kernel list, kernel uninstall.
        """;

    public OptionSpec Options { get; } = new OptionSpec().Value("connection-file", "f");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error) => KernelHost.Run(args.Require("connection-file"), error);
}

/// <summary><c>creditpoc kernel install</c>: writes the kernelspec that starts this build's kernel.</summary>
public sealed class KernelInstallCommand : ICliCommand
{
    public string Name => "kernel install";

    public string Summary => "install the C# kernel's kernelspec (default name .net-csharp) for Jupyter clients";

    public string Usage => """
        creditpoc kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME] [--force]
          --user        into the user's Jupyter data folder (the default)
          --prefix      into DIR/share/jupyter/kernels (then JUPYTER_PATH=DIR/share/jupyter finds it)
          --sys-prefix  into the Python environment python3 runs in
          --name        the kernelspec name (default .net-csharp, the name in the notebooks' metadata)
          --force       replace an existing kernelspec of that name
        """;

    public OptionSpec Options { get; } = new OptionSpec().Flag("user").Value("prefix").Flag("sys-prefix").Value("name").Flag("force");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var name = args.Get("name") ?? KernelSpecInstaller.DefaultName;
        var location = KernelVerbs.Location(args);
        var (directory, replaced) = KernelSpecInstaller.Install(location, name, KernelVerbs.Launcher(), args.Has("force"));
        output.WriteLine(replaced
            ? $"replaced the existing kernelspec '{name}' in {directory} (--force)"
            : $"installed kernelspec '{name}' in {directory}");
        output.WriteLine($"pick \"{KernelSpecInstaller.DisplayName}\" as the kernel in VS Code or JupyterLab; notebooks whose metadata names '{name}' use it");
        return 0;
    }
}

/// <summary><c>creditpoc kernel list</c>: the kernelspecs Jupyter would find.</summary>
public sealed class KernelListCommand : ICliCommand
{
    public string Name => "kernel list";

    public string Summary => "list the kernelspecs Jupyter finds (JUPYTER_PATH, user, environment, system)";

    public string Usage => "creditpoc kernel list";

    public OptionSpec Options { get; } = new();

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var specs = KernelSpecInstaller.List(KernelSpecLocation.SearchPath());
        if (specs.Count == 0) output.WriteLine("no kernelspecs found; 'creditpoc kernel install' adds this one");
        var width = specs.Select(s => s.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var spec in specs)
            output.WriteLine($"{spec.Name.PadRight(width)}  {spec.Directory}  {spec.DisplayName}{(spec.IsCreditPoC ? " (CreditPoC)" : "")}");
        return 0;
    }
}

/// <summary><c>creditpoc kernel uninstall</c>: removes a kernelspec.</summary>
public sealed class KernelUninstallCommand : ICliCommand
{
    public string Name => "kernel uninstall";

    public string Summary => "remove a kernelspec installed by 'kernel install'";

    public string Usage => """
        creditpoc kernel uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]
          where and which name, as given to 'kernel install' (default: --user, .net-csharp)
        """;

    public OptionSpec Options { get; } = new OptionSpec().Flag("user").Value("prefix").Flag("sys-prefix").Value("name");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var removed = KernelSpecInstaller.Uninstall(KernelVerbs.Location(args), args.Get("name") ?? KernelSpecInstaller.DefaultName);
        output.WriteLine($"removed {removed}");
        return 0;
    }
}

internal static class KernelVerbs
{
    public static KernelSpecLocation Location(CommandArgs args)
    {
        var chosen = new[] { args.Has("user"), args.Has("prefix"), args.Has("sys-prefix") }.Count(x => x);
        if (chosen > 1) throw CliError.Usage("give at most one of --user, --prefix DIR and --sys-prefix");
        if (args.Get("prefix") is { } prefix) return KernelSpecLocation.Prefix(prefix);
        return args.Has("sys-prefix") ? KernelSpecLocation.SysPrefix() : KernelSpecLocation.User();
    }

    /// <summary>The command that starts this build's kernel: the .NET host with this CLI's assembly and the verb.</summary>
    public static IReadOnlyList<string> Launcher()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "CreditPoC.Cli.dll");
        return [DotnetHost(), cli, "kernel"];
    }

    private static string DotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")).FirstOrDefault(File.Exists);
        return onPath ?? "dotnet";
    }
}
