using CreditPoC.Notebooks.Formatting;
using CreditPoC.Trial;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// What a process started in advance (a warm spare kernel) does while it waits, so that the notebook it then serves
/// finds its code compiled: a few representative cells (declarations, console output, <c>display</c>, a method, a
/// trailing value to format) in a throwaway <see cref="ExecutionSession"/> with their outputs discarded, then, when it
/// knows the project, the library's <see cref="TrialRehearsal"/> with its tables and charts formatted as cells
/// display them.
/// </summary>
public static class Rehearsal
{
    /// <summary>The project (the folder holding <c>parameters/</c>) whose trial the library part rehearses.</summary>
    public const string ProjectVariable = "CREDITPOC_REHEARSE_PROJECT";

    /// <summary>How a kernel's log line begins when its rehearsal has ended (the engine starts the next spare then).</summary>
    public const string EndedLogLine = "rehearsal ended";

    private static readonly string[] Cells =
    [
        "var rehearsal = new List<int> { 1, 2, 3 };",
        "Console.WriteLine(rehearsal.Count);\ndisplay(rehearsal.Sum());\ndisplay(\"<b>rehearsal</b>\", \"text/html\");",
        "int Twice(int n) => 2 * n;\nrecord(\"rehearsal\", Twice(rehearsal[0]));\nnew { Name = \"rehearsal\", Value = Twice(21) }",
    ];

    /// <summary>
    /// Runs the rehearsal until done or <paramref name="stop"/> (the notebook has arrived); never throws (it is only an
    /// optimisation). Returns what the library part did, when it ran.
    /// </summary>
    public static async Task<RehearsalResult?> RunAsync(string? projectRoot = null, CancellationToken stop = default)
    {
        try
        {
            await ExecutionSession.WarmUpAsync().ConfigureAwait(false);
            var session = new ExecutionSession(Path.GetTempPath());
            for (var i = 0; i < Cells.Length && !stop.IsCancellationRequested; i++)
                await session.RunCellAsync(CellSubmission.Numbered(Cells[i], i + 1), new NullCellOutput()).ConfigureAwait(false);
            if (string.IsNullOrEmpty(projectRoot) || stop.IsCancellationRequested) return null;
            var library = await Task.Run(() => TrialRehearsal.Run(projectRoot, stop)).ConfigureAwait(false);
            foreach (var shown in library.Displays.TakeWhile(_ => !stop.IsCancellationRequested)) _ = Formatter.Format(shown);
            return library;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // a real problem shows up when the notebook's first cell runs
            return null;
        }
    }
}
