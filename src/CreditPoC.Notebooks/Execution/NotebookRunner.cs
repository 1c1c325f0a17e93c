namespace CreditPoC.Notebooks.Execution;

/// <summary>Runs Polyglot C# notebooks headless as chained Roslyn script submissions, the Papermill way.</summary>
public sealed class NotebookRunner : INotebookExecutor
{
    public Task<NotebookRunResult> RunAsync(NotebookRunOptions options, INotebookRunObserver? observer = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("the engine core is being built");
}
