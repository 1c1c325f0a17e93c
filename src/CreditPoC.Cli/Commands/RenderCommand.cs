using System.CommandLine;
using CreditPoC.Notebooks.Rendering;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc render</c>: one self-contained HTML page from an executed notebook.</summary>
public sealed class RenderCommand : CliVerb
{
    private readonly Argument<string> _notebook = new("NOTEBOOK") { Description = "the notebook to render (.ipynb)" };
    private readonly Option<string?> _output = CliOptions.Text("--output", "OUT.html", "the page to write (default: the notebook's path with .html)", "-o");
    private readonly Option<bool> _reportMode = CliOptions.Flag("--report-mode", "hide code and prompts; show markdown and outputs only");
    private readonly Option<bool> _force = CliOptions.Flag("--force", "replace OUT.html even if it is not an earlier page of creditpoc");

    public RenderCommand() : base("render", "render a notebook as one self-contained HTML page for reviewers (works offline)") =>
        Declare(_notebook, _output, _reportMode, _force);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var input = args.GetRequiredValue(_notebook);
        if (!File.Exists(input)) throw CliError.Usage($"notebook {input} not found");
        var target = args.GetValue(_output) ?? Path.ChangeExtension(input, ".html");
        OutputGuard.Check(target, ".html", args.GetValue(_force), "-o");
        NotebookHtmlRenderer.RenderFile(input, target, new NotebookRenderOptions { ReportMode = args.GetValue(_reportMode) });
        output.WriteLine($"wrote {target}");
        return 0;
    }
}
