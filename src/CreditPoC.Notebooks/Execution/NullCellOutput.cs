namespace CreditPoC.Notebooks.Execution;

/// <summary>Where outputs nobody reads go: a kernel's <c>silent</c> execute requests, a spare kernel's rehearsal cells.</summary>
public sealed class NullCellOutput : ICellOutput
{
    public void WriteStream(string text, bool isError) { }
    public void AddDisplay(IReadOnlyDictionary<string, string> bundle, string? displayId) { }
    public void UpdateDisplay(IReadOnlyDictionary<string, string> bundle, string displayId) { }
    public void AddExecuteResult(IReadOnlyDictionary<string, string> bundle, int executionCount) { }
    public void AddError(string ename, string evalue, IReadOnlyList<string> traceback) { }
    public void Seal() { }
}
