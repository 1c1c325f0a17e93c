using System.Globalization;
using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Parameters;

/// <summary>Parameter values converted to their declared types, in the order they were given.</summary>
/// <param name="Values">Name and typed value (string, int, long, double, decimal, bool, DateOnly, DateTime, string[]).</param>
/// <param name="Declared">What the parameters cell declares.</param>
/// <param name="Warnings">Names given but not declared, one message each.</param>
public sealed record BoundParameters(
    IReadOnlyList<KeyValuePair<string, object>> Values,
    IReadOnlyList<ParameterDeclaration> Declared,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Papermill's parameterize step, with types: finds the cell tagged <c>parameters</c>, converts the given text
/// values to the declared types (failing before anything runs), and injects the <c>injected-parameters</c> cell.
/// </summary>
public static class NotebookParameters
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>The declarations of the first cell tagged <c>parameters</c>; empty when there is none.</summary>
    public static IReadOnlyList<ParameterDeclaration> Inspect(Notebook notebook)
    {
        var index = notebook.FindFirstTagged(ParametersTag);
        return index < 0 ? [] : ParameterCellParser.Parse(notebook.Cells[index].Source);
    }

    /// <summary>
    /// Converts each given value to its declared type. A bad value throws <see cref="UserFacingException"/>; an
    /// undeclared name is a warning listing the declared names, or an error when <paramref name="strict"/>.
    /// </summary>
    public static BoundParameters Bind(Notebook notebook, IReadOnlyDictionary<string, string> given, bool strict, string notebookName = "the notebook")
    {
        var declared = Inspect(notebook);
        var byName = declared.GroupBy(d => d.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var values = new List<KeyValuePair<string, object>>();
        var warnings = new List<string>();
        foreach (var (name, text) in given)
        {
            ParameterName.Check(name, $"parameters for {notebookName}");
            if (byName.TryGetValue(name, out var declaration))
            {
                values.Add(new(name, ParameterConverter.Convert(declaration, text)));
                continue;
            }
            var known = declared.Count == 0
                ? $"{notebookName} has no cell tagged '{ParametersTag}'"
                : $"{notebookName} declares: {string.Join(", ", declared.Select(d => d.Name))}";
            var message = $"parameter {name} is not declared; {known}";
            if (strict) throw new UserFacingException(message);
            warnings.Add(message);
            values.Add(new(name, ParameterConverter.InferLikePapermill(text)));
        }
        return new BoundParameters(values, declared, warnings);
    }

    /// <summary>
    /// Inserts (or replaces) the <c>injected-parameters</c> cell as Papermill does: in place of an existing
    /// injected cell, else right after the parameters cell, else at the top. Nothing is injected when no values
    /// were given. Records the values in <c>metadata.papermill.parameters</c>.
    /// </summary>
    public static void Inject(Notebook notebook, BoundParameters bound)
    {
        var papermill = NotebookCell.GetOrAddObject(notebook.Metadata, "papermill");
        papermill["parameters"] = ToJson(bound.Values);
        if (bound.Values.Count == 0) return;

        var injectedIndex = notebook.FindFirstTagged(InjectedTag);
        var parametersIndex = notebook.FindFirstTagged(ParametersTag);
        var cell = NotebookCell.NewCode(CSharpParameterTranslator.Codify(bound.Values));
        cell.AddTag(InjectedTag);
        int at;
        if (injectedIndex >= 0)
        {
            cell.Id = notebook.Cells[injectedIndex].Id;
            notebook.RemoveCellAt(injectedIndex);
            at = injectedIndex;
        }
        else
        {
            cell.Id = notebook.NewCellId(InjectedTag);
            at = parametersIndex >= 0 ? parametersIndex + 1 : 0;
        }
        if (cell.Id is null) cell.Json.Remove("id");
        notebook.InsertCell(at, cell);
    }

    /// <summary>The values as JSON, the way Papermill records them in the notebook's metadata.</summary>
    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, object>> values)
    {
        var json = new JsonObject();
        foreach (var (name, value) in values)
            json[name] = value switch
            {
                string s => s,
                bool b => b,
                int i => i,
                long l => l,
                double d => d,
                decimal m => m,
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                string[] list => new JsonArray(list.Select(x => (JsonNode?)x).ToArray()),
                _ => value.ToString(),
            };
        return json;
    }
}
