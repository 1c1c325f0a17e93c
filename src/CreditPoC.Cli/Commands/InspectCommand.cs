using System.Text.Json;
using CreditPoC.Notebooks.Ipynb;
using CreditPoC.Notebooks.Parameters;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc inspect NOTEBOOK</c>: the parameters a notebook declares, with type and default (Papermill's <c>--help-notebook</c>).</summary>
public sealed class InspectCommand : ICliCommand
{
    public string Name => "inspect";

    public string Summary => "List a notebook's parameters with their types and defaults";

    public string Usage => """
        creditpoc inspect NOTEBOOK [--json]

        Lists the parameters declared in the notebook's cell tagged 'parameters': name, type, default and the
        comment after the declaration. Values given with 'creditpoc run -p NAME VALUE' are converted to these types.
          --json   print the parameters as JSON
        """;

    public OptionSpec Options { get; } = new OptionSpec().Flag("json");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positional.Count != 1)
            throw CliError.Usage("give exactly one notebook, e.g. creditpoc inspect notebooks/trial/learn.ipynb");
        var path = args.Positional[0];
        if (!File.Exists(path)) throw new UserFacingException($"notebook {path} does not exist");
        var notebook = Notebook.Load(path);
        var declared = NotebookParameters.Inspect(notebook);

        if (args.Has("json"))
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
