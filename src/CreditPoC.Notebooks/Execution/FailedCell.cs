using CreditPoC.Notebooks.Ipynb;

namespace CreditPoC.Notebooks.Execution;

/// <summary>Names the cell a run failed in the way the rendered page and Jupyter show it: "cell In [4]".</summary>
public static class FailedCell
{
    public static string Describe(NotebookRunResult result)
    {
        if (result.FailedCellIndex is not { } index) return "a cell";
        try
        {
            var cells = Notebook.Load(result.OutputPath).Cells;
            if (index < cells.Count && cells[index].ExecutionCount is { } count) return $"cell In [{count}]";
        }
        catch (Exception e) when (e is IOException or UserFacingException or UnauthorizedAccessException)
        {
            // The saved notebook cannot be read back: fall back to the position.
        }
        return $"cell {index + 1} of the saved notebook";
    }
}
