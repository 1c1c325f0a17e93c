namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// A few representative cells (declarations, console output, <c>display</c>, a method, a trailing value to format) run
/// in a throwaway <see cref="ExecutionSession"/> with their outputs discarded, so that a process started in advance (a
/// warm spare kernel) has compiled what a notebook's first cells need before the notebook arrives.
/// </summary>
public static class Rehearsal
{
    private static readonly string[] Cells =
    [
        "var rehearsal = new List<int> { 1, 2, 3 };",
        "Console.WriteLine(rehearsal.Count);\ndisplay(rehearsal.Sum());\ndisplay(\"<b>rehearsal</b>\", \"text/html\");",
        "int Twice(int n) => 2 * n;\nrecord(\"rehearsal\", Twice(rehearsal[0]));\nnew { Name = \"rehearsal\", Value = Twice(21) }",
    ];

    /// <summary>Runs the rehearsal; never throws (it is only an optimisation).</summary>
    public static async Task RunAsync()
    {
        try
        {
            await ExecutionSession.WarmUpAsync().ConfigureAwait(false);
            var session = new ExecutionSession(Path.GetTempPath());
            for (var i = 0; i < Cells.Length; i++)
                await session.RunCellAsync(CellSubmission.Numbered(Cells[i], i + 1), new NullCellOutput()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // a real problem shows up when the notebook's first cell runs
        }
    }
}
