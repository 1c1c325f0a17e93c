using System.Text.Json.Nodes;
using CreditPoC.Kernel.Protocol;
using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Kernel;

/// <summary>
/// What the notebook engine tells the kernel beyond the Jupyter protocol, so that a cell run in a kernel process
/// gives what it gives in process; other clients send none of it and see no difference:
/// <list type="bullet">
/// <item><c>execute_request</c> metadata <c>creditpoc</c>: how messages name the cell (<c>label</c>,
/// <c>cell_label</c>) and the Polyglot kernel its metadata names (<c>kernel</c>);</item>
/// <item><c>creditpoc_notebook_request</c>: which notebook a fresh kernel serves (its folder, default Polyglot kernel,
/// working directory and run context variables), sent before the first cell, so that a kernel started in advance
/// (a warm spare) can serve any notebook;</item>
/// <item>an error <c>execute_reply</c> carries <c>abandoned: true</c> when an interrupted cell did not stop and goes on
/// in the background.</item>
/// </list>
/// </summary>
internal static class KernelCellMetadata
{
    public const string Key = "creditpoc";
    public const string NotebookRequest = "creditpoc_notebook_request";

    /// <summary>The cell as the engine names it, or the kernel's own numbering when the client sent no names.</summary>
    public static CellSubmission Submission(JupyterMessage request, string code, int executionCount)
    {
        if (request.Metadata[Key] is not JsonObject names || (string?)names["label"] is not { Length: > 0 } label)
            return CellSubmission.Numbered(code, executionCount);
        return new CellSubmission(code, executionCount, label, (string?)names["cell_label"] ?? $"cell In [{executionCount}]")
        {
            Kernel = (string?)names["kernel"],
        };
    }

    /// <summary>The content of a <c>creditpoc_notebook_request</c>.</summary>
    public static JsonObject Notebook(CellSessionStart start)
    {
        var environment = new JsonObject();
        foreach (var (name, value) in start.Context?.ToEnvironment() ?? new Dictionary<string, string>()) environment[name] = value;
        return new JsonObject
        {
            ["notebook_directory"] = start.NotebookDirectory,
            ["default_kernel"] = start.DefaultKernel,
            ["working_directory"] = start.WorkingDirectory,
            ["environment"] = environment,
        };
    }

    public static bool Abandoned(JupyterMessage reply) => reply.Content["abandoned"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
}
