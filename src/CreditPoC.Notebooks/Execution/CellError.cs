using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace CreditPoC.Notebooks.Execution;

/// <summary>A cell's failure as Jupyter's error output: a name, a value, and traceback lines with the cell's line.</summary>
public sealed record CellError(string Name, string Value, IReadOnlyList<string> Traceback)
{
    internal static CellError FromDiagnostics(IReadOnlyList<Diagnostic> errors, string label)
    {
        var lines = errors.Select(Describe).ToList();
        var first = errors[0].Location.GetLineSpan().StartLinePosition.Line + 1;
        return new CellError("CompilationError", lines[0], [$"Cell {label}, line {first}", .. lines]);
    }

    internal static CellError FromException(Exception exception, string label)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate) exception = aggregate.InnerExceptions[0];
        var line = new StackTrace(exception, true).GetFrames()
            .FirstOrDefault(f => string.Equals(f.GetFileName(), label, StringComparison.Ordinal))?.GetFileLineNumber();
        var header = line is > 0 ? $"Cell {label}, line {line}" : $"Cell {label}";
        // The frames below the cell are Roslyn's scripting machinery; they tell a reader nothing.
        var trace = exception.ToString().Split('\n').Select(l => l.TrimEnd('\r'))
            .TakeWhile(l => !l.Contains(" Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal)).ToList();
        while (trace.Count > 0 && trace[^1].StartsWith("--- End of stack trace", StringComparison.Ordinal)) trace.RemoveAt(trace.Count - 1);
        return new CellError(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, [header, .. trace]);
    }

    internal static CellError FromProblem(CellProblem problem, string label) =>
        new(problem.Name, problem.Message, [$"Cell {label}", $"{problem.Name}: {problem.Message}"]);

    public static CellError Timeout(TimeSpan limit, string label)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"the cell ran longer than the execution timeout of {limit.TotalSeconds:0.###} s");
        return new CellError("TimeoutException", message, [$"Cell {label}", $"System.TimeoutException: {message}"]);
    }

    public static CellError Cancelled(string label, string message = "the run was cancelled") =>
        new("OperationCanceledException", message, [$"Cell {label}", $"System.OperationCanceledException: {message}"]);

    private static string Describe(Diagnostic d)
    {
        var position = d.Location.GetLineSpan().StartLinePosition;
        return string.Create(CultureInfo.InvariantCulture, $"({position.Line + 1},{position.Character + 1}): error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}");
    }
}
