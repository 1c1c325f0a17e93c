using System.CommandLine;
using System.Text.Json;
using CreditPoC.Notebooks.Ipynb;
using CreditPoC.Notebooks.Parameters;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc inspect NOTEBOOK</c>: the parameters a notebook declares, with type and default (Papermill's <c>--help-notebook</c>).</summary>
public sealed class InspectCommand : CliVerb
{
    private readonly Argument<string> _notebook = new("NOTEBOOK") { Description = "the notebook, e.g. notebooks/trial/learn.ipynb" };
    private readonly Option<bool> _json = CliOptions.Flag("--json", "print the parameters as JSON");

    public InspectCommand() : base("inspect", "list a notebook's parameters with their types and defaults") => Declare(_notebook, _json);

    public override string Notes => """
        Lists the parameters declared in the notebook's cell tagged 'parameters': name, type, default and the
        comment after the declaration. Values given with 'creditpoc run -p NAME VALUE' are converted to these types.
        """;

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var path = args.GetRequiredValue(_notebook);
        if (!File.Exists(path)) throw new UserFacingException($"notebook {path} does not exist");
        var notebook = Notebook.Load(path);
        var declared = NotebookParameters.Inspect(notebook);

        if (args.GetValue(_json))
        {
            var items = declared.Select(d => new { name = d.Name, type = d.TypeName, @default = d.DefaultText, settable = d.Kind != ParameterKind.Unsupported, help = d.Help });
            output.WriteLine(JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var cellIndex = notebook.FindFirstTagged(NotebookParameters.ParametersTag);
        if (cellIndex < 0)
        {
            output.WriteLine($"{path} has no cell tagged '{NotebookParameters.ParametersTag}'; it takes no parameters.");
            return 0;
        }
        output.WriteLine($"Parameters of {path} (cell {cellIndex + 1}):");
        if (declared.Count == 0)
        {
            output.WriteLine("  (the parameters cell declares no variables)");
            return 0;
        }
        var rows = declared.Select(d => new[]
        {
            d.Name,
            d.Kind == ParameterKind.Unsupported ? d.TypeName + " (fixed)" : d.TypeName,
            d.DefaultText,
            d.Help ?? "",
        }).ToList();
        string[] header = ["NAME", "TYPE", "DEFAULT", "DESCRIPTION"];
        var widths = Enumerable.Range(0, 4).Select(c => Math.Max(header[c].Length, rows.Max(r => r[c].Length))).ToArray();
        output.WriteLine(("  " + string.Join("  ", header.Select((h, c) => h.PadRight(widths[c])))).TrimEnd());
        foreach (var row in rows)
            output.WriteLine(("  " + string.Join("  ", row.Select((v, c) => v.PadRight(widths[c])))).TrimEnd());
        if (declared.Any(d => d.Kind == ParameterKind.Unsupported))
            output.WriteLine("  (fixed) parameters keep their default: the runner converts only string, int, long, double, decimal, bool, DateOnly, DateTime and string[].");
        return 0;
    }
}
