using System.CommandLine;
using System.Runtime.InteropServices;
using CreditPoC.Kernel.Client;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Parameters;
using CreditPoC.Notebooks.Pipelines;
using CreditPoC.Notebooks.Progress;
using CreditPoC.Tracking;

namespace CreditPoC.Cli;

/// <summary>What the notebook verbs share: the executor, parameters from -f and -p, progress, Ctrl+C.</summary>
internal static class NotebookEngine
{
    private static readonly AsyncLocal<INotebookExecutor?> Override = new();

    /// <summary>
    /// The executor of the notebook verbs: each notebook's cells in a kernel process of its own (the default, as
    /// Papermill runs them), or in this process with <c>--in-process</c>; or the fake a test installed with
    /// <see cref="UseExecutor"/>. Dispose what it returns when it is <see cref="IDisposable"/> (it ends the spare kernel).
    /// </summary>
    /// <param name="inProcess">The <c>--in-process</c> flag.</param>
    /// <param name="warmSpare">Start the next notebook's kernel while one runs: for verbs that run more than one notebook.</param>
    public static INotebookExecutor CreateExecutor(bool inProcess = false, bool warmSpare = true) =>
        Override.Value ?? (inProcess ? new NotebookRunner() : new KernelProcessExecutor(warmSpare));

    /// <summary>The <c>--in-process</c> flag of the verbs that run notebooks.</summary>
    public static Option<bool> InProcessOption() => CliOptions.Flag("--in-process",
        "run the cells inside this process instead of a kernel process per notebook: about a second faster to start, " +
        "but a cell that calls Environment.Exit, overflows the stack or crashes a thread ends the whole run without a record");

    /// <summary>For tests: verbs called from the current async flow use <paramref name="executor"/>.</summary>
    public static void UseExecutor(INotebookExecutor? executor) => Override.Value = executor;

    /// <summary>Values from <c>-f params.yaml</c>, then <c>-p NAME VALUE</c> pairs, which win.</summary>
    public static Dictionary<string, string> Parameters(string? file, IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is not null)
        {
            try
            {
                foreach (var (name, value) in YamlParameters.LoadFile(file)) values[name] = value;
            }
            catch (UserFacingException e)
            {
                throw CliError.Usage(e.Message);
            }
        }
        foreach (var (name, value) in pairs ?? [])
        {
            try
            {
                values[ParameterName.Check(name, "-p")] = value;
            }
            catch (UserFacingException e)
            {
                throw CliError.Usage(e.Message);
            }
        }
        return values;
    }

    /// <summary>The longest <c>--execution-timeout</c>: timers in .NET stop at about 24.8 days.</summary>
    public const double MaxCellTimeoutSeconds = 2_000_000;

    /// <summary>The <c>--execution-timeout</c> limit for one cell, or none.</summary>
    public static TimeSpan? CellTimeout(double? seconds) => seconds switch
    {
        null => null,
        > 0 and <= MaxCellTimeoutSeconds => TimeSpan.FromSeconds(seconds.Value),
        _ => throw CliError.Usage($"--execution-timeout must be a positive number of seconds up to {MaxCellTimeoutSeconds:0} (about 23 days), " +
                                  $"got '{seconds.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}'"),
    };

    /// <summary>Progress on <paramref name="output"/>: a redrawn bar on a terminal, plain lines otherwise.</summary>
    public static ConsoleProgress Progress(TextWriter output, bool logOutput) =>
        ReferenceEquals(output, Console.Out) ? ConsoleProgress.ForConsole(logOutput) : new ConsoleProgress(output, interactive: false, logOutput);

    /// <summary>
    /// A token cancelled by the first Ctrl+C or SIGTERM (what <c>timeout</c>, systemd and Kubernetes send), so that the
    /// run stops cleanly and still saves its notebook, banner and HTML; a second signal ends the process at once.
    /// </summary>
    public static CtrlC CancelOnCtrlC(TextWriter error) => new(error);

    internal sealed class CtrlC : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly TextWriter _error;
        private readonly PosixSignalRegistration? _sigterm;

        public CtrlC(TextWriter error)
        {
            _error = error;
            Console.CancelKeyPress += OnCancel;
            if (!OperatingSystem.IsWindows()) _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
        }

        public CancellationToken Token => _source.Token;

        /// <summary>The exit code of a cancelled run: 130 after Ctrl+C, 143 after SIGTERM (128 + the signal).</summary>
        public int CancelledExitCode { get; private set; } = 130;

        private void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            if (_source.IsCancellationRequested) return; // the second Ctrl+C ends the process
            e.Cancel = true;
            _error.WriteLine("cancelling: the current cell is stopped and the notebook saved (Ctrl+C again to kill)");
            _source.Cancel();
        }

        private void OnTerminate(PosixSignalContext context)
        {
            if (_source.IsCancellationRequested) return; // the second SIGTERM ends the process
            context.Cancel = true;
            CancelledExitCode = 143;
            _error.WriteLine("terminating (SIGTERM): the current cell is stopped and the notebook saved (send it again to kill)");
            _source.Cancel();
        }

        public void Dispose()
        {
            Console.CancelKeyPress -= OnCancel;
            _sigterm?.Dispose();
            _source.Dispose();
        }
    }

    /// <summary>
    /// The run context of a notebook run on its own: the environment's, else a manual run beside the project's
    /// <c>parameters/</c> folder, with <c>--run-dir</c> and <c>--store</c> overriding either.
    /// </summary>
    public static RunContext RunContextFor(string notebook, string? cwd, string? runDirectory, string? store)
    {
        var context = RunContext.FromEnvironment() ?? RunContext.Manual(cwd ?? Path.GetDirectoryName(Path.GetFullPath(notebook))!);
        if (runDirectory is not null) context = context with { RunDirectory = Path.GetFullPath(runDirectory) };
        if (store is not null) context = context with { StorePath = Path.GetFullPath(store) };
        return context;
    }

    /// <summary>A path for messages: relative to the current folder when inside it.</summary>
    public static string Show(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
