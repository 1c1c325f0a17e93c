namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Where a running cell's outputs go, in Jupyter's shapes: the headless runner writes them into the notebook
/// (<see cref="CellOutputCollector"/>), the kernel publishes them on iopub. Called from any thread the cell uses.
/// </summary>
public interface ICellOutput
{
    /// <summary>Text the cell wrote to <see cref="Console.Out"/> (or <see cref="Console.Error"/> when <paramref name="isError"/>).</summary>
    void WriteStream(string text, bool isError);

    /// <summary>A <c>display_data</c> output; <paramref name="displayId"/> names it for later updates.</summary>
    void AddDisplay(IReadOnlyDictionary<string, string> bundle, string? displayId);

    /// <summary>A <c>display_data</c> output without an id.</summary>
    void AddDisplay(IReadOnlyDictionary<string, string> bundle) => AddDisplay(bundle, null);

    /// <summary>Replaces the data of the display shown earlier (in this or an earlier cell) under <paramref name="displayId"/>.</summary>
    void UpdateDisplay(IReadOnlyDictionary<string, string> bundle, string displayId);

    /// <summary>The value of the cell's trailing expression.</summary>
    void AddExecuteResult(IReadOnlyDictionary<string, string> bundle, int executionCount);

    void AddError(string ename, string evalue, IReadOnlyList<string> traceback);

    /// <summary>Drops anything written after the cell ended (an abandoned cell may still be running).</summary>
    void Seal();
}
