using System.CommandLine;
using CreditPoC.Kernel;
using CreditPoC.Kernel.Client;
using CreditPoC.Kernel.KernelSpecs;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc kernel -f CONNECTION_FILE</c>: the Jupyter kernel that Jupyter clients start from the kernelspec.</summary>
public sealed class KernelCommand : CliVerb
{
    private readonly Option<string?> _connectionFile = CliOptions.Text("--connection-file", "CONNECTION_FILE",
        "the connection file the Jupyter client wrote (ip, ports, signing key)", "-f");

    public KernelCommand() : base("kernel", "run the C# Jupyter kernel for a client (VS Code, JupyterLab, nbclient, Papermill)")
    {
        _connectionFile.Required = true;
        Declare(_connectionFile);
    }

    public override string Notes => "Clients start this from the kernelspec that 'creditpoc kernel install' writes; see also kernel list, kernel uninstall.";

    public override int Execute(ParseResult args, TextWriter output, TextWriter error) => KernelHost.Run(args.GetRequiredValue(_connectionFile)!, error);
}

/// <summary><c>creditpoc kernel install</c>: writes the kernelspec that starts this build's kernel.</summary>
public sealed class KernelInstallCommand : CliVerb
{
    private readonly KernelLocationOptions _location = new();
    private readonly Option<string?> _name = KernelLocationOptions.Name();
    private readonly Option<bool> _force = CliOptions.Flag("--force", "replace an existing kernelspec of that name");

    public KernelInstallCommand() : base("kernel install", "install the C# kernel's kernelspec (default name .net-csharp) for Jupyter clients") =>
        Declare([.. _location.Symbols, _name, _force]);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var name = args.GetValue(_name) ?? KernelSpecInstaller.DefaultName;
        var (directory, replaced) = KernelSpecInstaller.Install(_location.Resolve(args), name, KernelLocationOptions.Launcher(), args.GetValue(_force));
        output.WriteLine(replaced
            ? $"replaced the existing kernelspec '{name}' in {directory} (--force)"
            : $"installed kernelspec '{name}' in {directory}");
        output.WriteLine($"pick \"{KernelSpecInstaller.DisplayName}\" as the kernel in VS Code or JupyterLab; notebooks whose metadata names '{name}' use it");
        return 0;
    }
}

/// <summary><c>creditpoc kernel list</c>: the kernelspecs Jupyter would find.</summary>
public sealed class KernelListCommand : CliVerb
{
    public KernelListCommand() : base("kernel list", "list the kernelspecs Jupyter finds (JUPYTER_PATH, user, environment, system)")
    {
    }

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
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
public sealed class KernelUninstallCommand : CliVerb
{
    private readonly KernelLocationOptions _location = new();
    private readonly Option<string?> _name = KernelLocationOptions.Name();

    public KernelUninstallCommand() : base("kernel uninstall", "remove a kernelspec installed by 'kernel install'") =>
        Declare([.. _location.Symbols, _name]);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var removed = KernelSpecInstaller.Uninstall(_location.Resolve(args), args.GetValue(_name) ?? KernelSpecInstaller.DefaultName);
        output.WriteLine($"removed {removed}");
        return 0;
    }
}

/// <summary>Where a kernelspec goes (--user, --prefix DIR, --sys-prefix), and the command that starts this build's kernel.</summary>
internal sealed class KernelLocationOptions
{
    private readonly Option<bool> _user = CliOptions.Flag("--user", "the user's Jupyter data folder (the default)");
    private readonly Option<string?> _prefix = CliOptions.Text("--prefix", "DIR", "DIR/share/jupyter/kernels (found with JUPYTER_PATH=DIR/share/jupyter)");
    private readonly Option<bool> _sysPrefix = CliOptions.Flag("--sys-prefix", "the Python environment python3 runs in");

    public Symbol[] Symbols => [_user, _prefix, _sysPrefix];

    public static Option<string?> Name() =>
        CliOptions.Text("--name", "NAME", "the kernelspec name (default .net-csharp, the name in the notebooks' metadata)");

    public KernelSpecLocation Resolve(ParseResult args)
    {
        var prefix = args.GetValue(_prefix);
        if (new[] { args.GetValue(_user), prefix is not null, args.GetValue(_sysPrefix) }.Count(x => x) > 1)
            throw CliError.Usage("give at most one of --user, --prefix DIR and --sys-prefix");
        if (prefix is not null) return KernelSpecLocation.Prefix(prefix);
        return args.GetValue(_sysPrefix) ? KernelSpecLocation.SysPrefix() : KernelSpecLocation.User();
    }

    /// <summary>The .NET host with this CLI's assembly and the verb: <c>dotnet /path/CreditPoC.Cli.dll kernel</c>.</summary>
    public static IReadOnlyList<string> Launcher() => KernelLauncher.Default();
}
