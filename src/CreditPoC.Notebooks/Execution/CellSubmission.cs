namespace CreditPoC.Notebooks.Execution;

/// <summary>One cell to run in an <see cref="ExecutionSession"/>.</summary>
/// <param name="Source">The cell's text, directives and magics included.</param>
/// <param name="ExecutionCount">The n of In [n], given to the execute result.</param>
/// <param name="Label">The name stack traces and diagnostics use, e.g. <c>In[3]</c>.</param>
/// <param name="CellLabel">How messages name the cell, e.g. <c>cell In [3] (id abc)</c>.</param>
public sealed record CellSubmission(string Source, int ExecutionCount, string Label, string CellLabel)
{
    /// <summary>The kernel the cell's metadata names (Polyglot's kernelName); the session's default when null.</summary>
    public string? Kernel { get; init; }

    /// <summary>The limit for this cell; none when null.</summary>
    public TimeSpan? Timeout { get; init; }

    public static CellSubmission Numbered(string source, int executionCount) =>
        new(source, executionCount, $"In[{executionCount}]", $"cell In [{executionCount}]");
}

/// <summary>How a cell ended.</summary>
/// <param name="Error">Its error (also written as its error output); null when it succeeded.</param>
/// <param name="Cancelled">It was stopped by the session's cancellation (Ctrl+C, a kernel interrupt).</param>
/// <param name="Abandoned">It did not stop when asked and goes on running in the background; its outputs are dropped.</param>
public sealed record CellOutcome(CellError? Error, bool Cancelled, bool Abandoned)
{
    public bool Succeeded => Error is null;
}
