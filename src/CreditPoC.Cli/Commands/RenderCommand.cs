using CreditPoC.Notebooks.Rendering;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc render</c>: one self-contained HTML page from an executed notebook.</summary>
public sealed class RenderCommand : ICliCommand
{
    public string Name => "render";

    public string Summary => "render a notebook as one self-contained HTML page for reviewers (works offline)";

    public string Usage => """
        creditpoc render NOTEBOOK.ipynb [-o OUT.html] [--report-mode]
          -o, --output     the page to write (default: the notebook's path with .html)
          --report-mode    hide code and prompts; show markdown and outputs only
        """;

    public OptionSpec Options { get; } = new OptionSpec().Value("output", "o").Flag("report-mode");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positional.Count != 1) throw CliError.Usage("give exactly one notebook to render");
        var input = args.Positional[0];
        if (!File.Exists(input)) throw CliError.Usage($"notebook {input} not found");
        var target = args.Get("output") ?? Path.ChangeExtension(input, ".html");
        NotebookHtmlRenderer.RenderFile(input, target, new NotebookRenderOptions { ReportMode = args.Has("report-mode") });
        output.WriteLine($"wrote {target}");
        return 0;
    }
}
