using System.CommandLine;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Recording;
using CreditPoC.Notebooks.Rendering;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc run</c>: execute one notebook with parameters, Papermill style, and render it.</summary>
public sealed class RunCommand : CliVerb
{
    private readonly Argument<string> _notebook = new("NOTEBOOK") { Description = "the notebook to run (.ipynb); it is never changed" };
    private readonly Option<string?> _output = CliOptions.Text("--output", "OUT.ipynb",
        "the executed notebook (never the input); OUT.html is written beside it", "-o");
    private readonly PairOption _parameters = new("--parameter", "a parameter value; repeatable; wins over -f", "-p");
    private readonly Option<string?> _parametersFile = CliOptions.Text("--parameters-file", "PARAMS.yaml",
        "a YAML mapping NAME: value; a list becomes its items joined with commas", "-f");
    private readonly Option<bool> _strict = CliOptions.Flag("--strict", "a parameter the notebook does not declare is an error, not a warning");
    private readonly Option<string?> _cwd = CliOptions.Text("--cwd", "DIR", "the working directory of the cells (default: the notebook's folder)");
    private readonly Option<string?> _runDir = CliOptions.Text("--run-dir", "DIR",
        "the run folder a trial notebook works in (default: runs/manual beside the project's parameters/)");
    private readonly Option<string?> _store = CliOptions.Text("--store", "PATH",
        "the run store for models and, when the notebook records values, for this run (default: runs/creditpoc.db)");
    private readonly Option<double?> _timeout = CliOptions.Number("--execution-timeout", "SECONDS", "the limit for one cell, in seconds");
    private readonly Option<bool> _logOutput = CliOptions.Flag("--log-output", "print what cells write as they run");
    private readonly Option<bool> _reportMode = CliOptions.Flag("--report-mode", "hide code in the HTML");
    private readonly Option<bool> _noHtml = CliOptions.Flag("--no-html", "do not render OUT.html");
    private readonly Option<bool> _force = CliOptions.Flag("--force", "replace OUT.ipynb or OUT.html even if it is not an earlier output of creditpoc");
    private readonly Option<bool> _inProcess = NotebookEngine.InProcessOption();
    private readonly Option<bool> _prepareOnly = CliOptions.Flag("--prepare-only",
        "write the parameterized notebook without running it (Papermill's --prepare-only), for any Jupyter client to run");

    public RunCommand() : base("run", "run a notebook headless with parameters; save the executed copy and its HTML")
    {
        _output.Required = true;
        Declare(_notebook, _output, _parameters, _parametersFile, _strict, _cwd, _runDir, _store, _timeout, _logOutput, _reportMode, _noHtml, _force, _prepareOnly, _inProcess);
    }

    public override string Notes => "Cells run in a kernel process of their own ('creditpoc kernel'); one that dies fails its cell with the exit code. " +
                                    "--in-process runs them inside this process.\nexit code: 0 success, 1 a cell failed, 2 bad arguments or parameters, 130 cancelled (Ctrl+C), 143 terminated (SIGTERM)";

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var input = args.GetRequiredValue(_notebook);
        var target = args.GetRequiredValue(_output)!;
        if (!File.Exists(input)) throw CliError.Usage($"notebook {input} not found");
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(target), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            throw CliError.Usage($"-o {target} is the input notebook itself; the executed copy must go elsewhere");
        if (target.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            throw CliError.Usage($"-o {target} must be a notebook (.ipynb); the HTML is written beside it");
        OutputGuard.Check(target, ".ipynb", args.GetValue(_force), "-o");
        if (!args.GetValue(_noHtml) && !args.GetValue(_prepareOnly)) OutputGuard.Check(Path.ChangeExtension(target, ".html"), ".html", args.GetValue(_force), "the page beside -o,");
        if (args.GetValue(_cwd) is { } cwd && !Directory.Exists(cwd))
            throw CliError.Usage($"--cwd {cwd} is not a folder");

        var options = new NotebookRunOptions
        {
            InputPath = input,
            OutputPath = target,
            Parameters = NotebookEngine.Parameters(args.GetValue(_parametersFile), args.GetValue(_parameters)),
            Strict = args.GetValue(_strict),
            WorkingDirectory = args.GetValue(_cwd),
            CellTimeout = NotebookEngine.CellTimeout(args.GetValue(_timeout)),
            Context = NotebookEngine.RunContextFor(input, args.GetValue(_cwd), args.GetValue(_runDir), args.GetValue(_store)),
            PrepareOnly = args.GetValue(_prepareOnly),
        };
        var progress = NotebookEngine.Progress(output, args.GetValue(_logOutput));
        NotebookRunResult result;
        var ctrlC = NotebookEngine.CancelOnCtrlC(error);
        var executor = NotebookEngine.CreateExecutor(args.GetValue(_inProcess), warmSpare: false);
        using (executor as IDisposable)
        using (ctrlC)
        {
            try
            {
                result = executor
                    .RunAsync(options, progress.ForNotebook(Path.GetFileNameWithoutExtension(input)), ctrlC.Token)
                    .GetAwaiter().GetResult();
            }
            catch (UserFacingException e) when (e.InnerException is IOException or UnauthorizedAccessException)
            {
                throw new CliError(e.Message); // the disk, not the arguments (exit 1)
            }
            catch (UserFacingException e)
            {
                throw CliError.Usage(e.Message); // bad parameters: nothing ran
            }
        }
        foreach (var warning in result.Warnings) error.WriteLine($"warning: {warning}");
        if (options.PrepareOnly)
        {
            output.WriteLine($"wrote {target} (parameterized, not run)");
            return 0;
        }
        StandaloneRunRecorder.Record(options.Context!, options, result);

        var html = Path.ChangeExtension(target, ".html");
        var rendered = false;
        if (!args.GetValue(_noHtml) && File.Exists(target))
        {
            NotebookHtmlRenderer.RenderFile(target, html, new NotebookRenderOptions { ReportMode = args.GetValue(_reportMode) });
            rendered = true;
        }
        output.WriteLine(rendered ? $"wrote {target} and {html}" : $"wrote {target}");

        if (result.Succeeded) return 0;
        if (result.Cancelled)
        {
            error.WriteLine("cancelled; the notebook was saved with the cells run so far");
            return ctrlC.CancelledExitCode;
        }
        var cell = result.FailedCellIndex is null ? "the run failed" : FailedCell.Describe(result) + " failed";
        error.WriteLine($"error: {cell}: {result.ErrorName}: {result.ErrorMessage}{(rendered ? $" (see {html})" : "")}");
        return 1;
    }
}
