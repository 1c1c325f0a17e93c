using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Kernel;

/// <summary>Where a <c>silent</c> execute request's outputs go: nowhere.</summary>
internal sealed class NullCellOutput : ICellOutput
{
    public void WriteStream(string text, bool isError) { }
    public void AddDisplay(IReadOnlyDictionary<string, string> bundle, string? displayId) { }
    public void UpdateDisplay(IReadOnlyDictionary<string, string> bundle, string displayId) { }
    public void AddExecuteResult(IReadOnlyDictionary<string, string> bundle, int executionCount) { }
    public void AddError(string ename, string evalue, IReadOnlyList<string> traceback) { }
    public void Seal() { }
}
