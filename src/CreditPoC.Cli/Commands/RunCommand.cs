using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Recording;
using CreditPoC.Notebooks.Rendering;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc run</c>: execute one notebook with parameters, Papermill style, and render it.</summary>
public sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public string Summary => "run a notebook headless with parameters; save the executed copy and its HTML";

    public string Usage => """
        creditpoc run NOTEBOOK.ipynb -o OUT.ipynb [-p NAME VALUE]... [-f params.yaml] [--strict] [--cwd DIR]
                      [--execution-timeout SECONDS] [--log-output] [--report-mode] [--no-html] [--prepare-only]
          -o, --output           the executed notebook (never the input); OUT.html is written beside it
          -p, --parameter        a parameter value; repeatable; wins over -f
          -f, --parameters-file  a YAML mapping NAME: value; a list becomes its items joined with commas
          --strict               a parameter the notebook does not declare is an error, not a warning
          --cwd                  the working directory of the cells (default: the notebook's folder)
          --run-dir              the run folder a trial notebook works in (default: runs/manual beside parameters/)
          --store                the run store for models and, when the notebook records values, this run (default: runs/creditpoc.db)
          --execution-timeout    the limit for one cell, in seconds
          --log-output           print what cells write as they run
          --report-mode          hide code in the HTML
          --no-html              do not render OUT.html
          --prepare-only         write the parameterized notebook without running it (for any Jupyter client to run)
        exit code: 0 success, 1 a cell failed, 2 bad arguments or parameters, 130 cancelled (Ctrl+C)
        """;

    public OptionSpec Options { get; } = new OptionSpec()
        .Value("output", "o").Repeated("parameter", 2, "p").Value("parameters-file", "f").Flag("strict").Value("cwd").Value("run-dir").Value("store")
        .Value("execution-timeout").Flag("log-output").Flag("report-mode").Flag("no-html").Flag("prepare-only");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positional.Count != 1) throw CliError.Usage("give exactly one notebook to run");
        var input = args.Positional[0];
        var target = args.Require("output");
        if (!File.Exists(input)) throw CliError.Usage($"notebook {input} not found");
        if (string.Equals(Path.GetFullPath(input), Path.GetFullPath(target), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase))
            throw CliError.Usage($"-o {target} is the input notebook itself; the executed copy must go elsewhere");
        if (target.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            throw CliError.Usage($"-o {target} must be a notebook (.ipynb); the HTML is written beside it");
        if (args.Get("cwd") is { } cwd && !Directory.Exists(cwd))
            throw CliError.Usage($"--cwd {cwd} is not a folder");

        var options = new NotebookRunOptions
        {
            InputPath = input,
            OutputPath = target,
            Parameters = NotebookEngine.Parameters(args),
            Strict = args.Has("strict"),
            WorkingDirectory = args.Get("cwd"),
            CellTimeout = NotebookEngine.CellTimeout(args),
            Context = NotebookEngine.RunContextFor(input, args.Get("cwd"), args.Get("run-dir"), args.Get("store")),
            PrepareOnly = args.Has("prepare-only"),
        };
        var progress = NotebookEngine.Progress(output, args.Has("log-output"));
        NotebookRunResult result;
        using (var ctrlC = NotebookEngine.CancelOnCtrlC(error))
        {
            try
            {
                result = NotebookEngine.CreateExecutor()
                    .RunAsync(options, progress.ForNotebook(Path.GetFileNameWithoutExtension(input)), ctrlC.Token)
                    .GetAwaiter().GetResult();
            }
            catch (UserFacingException e)
            {
                throw CliError.Usage(e.Message); // bad parameters: nothing ran
            }
        }
        foreach (var warning in result.Warnings) error.WriteLine($"warning: {warning}");
        StandaloneRunRecorder.Record(options.Context!, options, result);

        var html = Path.ChangeExtension(target, ".html");
        var rendered = false;
        if (!args.Has("no-html") && !args.Has("prepare-only") && File.Exists(target))
        {
            NotebookHtmlRenderer.RenderFile(target, html, new NotebookRenderOptions { ReportMode = args.Has("report-mode") });
            rendered = true;
        }
        output.WriteLine(rendered ? $"wrote {target} and {html}" : $"wrote {target}");

        if (result.Succeeded) return 0;
        if (result.Cancelled)
        {
            error.WriteLine("cancelled; the notebook was saved with the cells run so far");
            return 130;
        }
        var cell = result.FailedCellIndex is null ? "the run failed" : FailedCell.Describe(result) + " failed";
        error.WriteLine($"error: {cell}: {result.ErrorName}: {result.ErrorMessage}{(rendered ? $" (see {html})" : "")}");
        return 1;
    }
}
