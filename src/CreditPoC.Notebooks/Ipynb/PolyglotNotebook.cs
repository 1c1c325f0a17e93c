using System.Text.Json.Nodes;

namespace CreditPoC.Notebooks.Ipynb;

/// <summary>
/// Creates notebooks and cells with the metadata VS Code's Polyglot Notebooks writes for C#, so that the files
/// open there with the right kernel and stay runnable by Papermill with the <c>.net-csharp</c> kernel.
/// </summary>
public static class PolyglotNotebook
{
    public const string KernelName = "csharp";

    /// <summary>An empty nbformat 4.5 notebook with the .NET (C#) kernelspec and Polyglot kernel info.</summary>
    public static Notebook Create() => new(new JsonObject
    {
        ["cells"] = new JsonArray(),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            ["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = KernelName,
                    ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = KernelName }),
                },
            },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    });

    /// <summary>A C# code cell marked for the csharp kernel (and the legacy dotnet_interactive language).</summary>
    public static NotebookCell CodeCell(string source, string? id = null, params string[] tags)
    {
        var cell = NotebookCell.NewCode(source, id);
        MarkAsCSharp(cell);
        foreach (var tag in tags) cell.AddTag(tag);
        return cell;
    }

    public static NotebookCell MarkdownCell(string source, string? id = null) => NotebookCell.NewMarkdown(source, id);

    /// <summary>Adds the per-cell kernel metadata VS Code writes for a C# cell.</summary>
    public static void MarkAsCSharp(NotebookCell cell)
    {
        cell.Metadata["dotnet_interactive"] = new JsonObject { ["language"] = KernelName };
        cell.Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = KernelName };
    }

    /// <summary>Adds a cell with a fresh id to <paramref name="notebook"/> and returns it.</summary>
    public static NotebookCell AddCode(this Notebook notebook, string source, params string[] tags)
    {
        var cell = CodeCell(source, notebook.NewCellId($"c{notebook.Cells.Count + 1}"), tags);
        notebook.AddCell(cell);
        return cell;
    }

    public static NotebookCell AddMarkdown(this Notebook notebook, string source)
    {
        var cell = MarkdownCell(source, notebook.NewCellId($"m{notebook.Cells.Count + 1}"));
        notebook.AddCell(cell);
        return cell;
    }
}
