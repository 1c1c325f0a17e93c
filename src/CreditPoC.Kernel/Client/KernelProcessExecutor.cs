using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Kernel.Client;

/// <summary>
/// The default notebook executor: <see cref="NotebookRunner"/> (parameters, Papermill record, banner, saving) with each
/// notebook's cells in a kernel process of its own (<see cref="KernelProcessEngine"/>). Dispose it to end the warm spare.
/// </summary>
public sealed class KernelProcessExecutor : INotebookExecutor, IPreparableExecutor, IDisposable
{
    private readonly KernelProcessEngine _engine;
    private readonly NotebookRunner _runner;

    /// <param name="warmSpare">Start the next notebook's kernel while one runs (worth it when more than one notebook runs).</param>
    /// <param name="launcher">The kernel's command line before <c>-f FILE</c>; this build's <c>creditpoc kernel</c> when null.</param>
    public KernelProcessExecutor(bool warmSpare = true, IReadOnlyList<string>? launcher = null)
    {
        _engine = new KernelProcessEngine(launcher, warmSpare);
        _runner = new NotebookRunner(_engine);
    }

    internal KernelProcessEngine Engine => _engine;

    /// <summary>Keeps <paramref name="spares"/> warm kernels from now on, rehearsing the project's trial (see <see cref="KernelProcessEngine.Prepare"/>).</summary>
    public void Prepare(string projectDirectory, int spares) => _engine.Prepare(projectDirectory, spares);

    public Task<NotebookRunResult> RunAsync(NotebookRunOptions options, INotebookRunObserver? observer = null, CancellationToken cancellationToken = default) =>
        _runner.RunAsync(options, observer, cancellationToken);

    public void Dispose() => _engine.Dispose();
}
