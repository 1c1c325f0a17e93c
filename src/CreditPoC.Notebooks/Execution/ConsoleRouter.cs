using System.Text;

namespace CreditPoC.Notebooks.Execution;

/// <summary>
/// Captures <see cref="Console.Out"/> and <see cref="Console.Error"/> per run. One routing writer is installed
/// process-wide; each run sets an <see cref="AsyncLocal{T}"/> sink, which flows into the tasks and threads the
/// cells start. Pipelines run several notebooks side by side in one process, so calling
/// <see cref="Console.SetOut"/> per run would mix their outputs; this does not.
/// </summary>
internal static class ConsoleRouter
{
    private static readonly AsyncLocal<ICellOutput?> CurrentSink = new();
    private static readonly object Gate = new();
    private static TextWriter? _installedOut;
    private static TextWriter? _installedError;

    /// <summary>Routes console writes of the calling flow (and what it starts) to <paramref name="sink"/> until disposed.</summary>
    public static IDisposable Capture(ICellOutput sink)
    {
        EnsureInstalled();
        var previous = CurrentSink.Value;
        CurrentSink.Value = sink;
        return new Restore(previous);
    }

    /// <summary>
    /// Runs <paramref name="action"/> with capture off, so that an observer that prints cell output to the
    /// console (progress, --log-output) reaches the real console instead of feeding the cell's output again.
    /// </summary>
    public static void Uncaptured(Action action)
    {
        var previous = CurrentSink.Value;
        CurrentSink.Value = null;
        try
        {
            action();
        }
        finally
        {
            CurrentSink.Value = previous;
        }
    }

    private static void EnsureInstalled()
    {
        lock (Gate)
        {
            // Someone else (a test host, for one) may have replaced the console writers since; wrap theirs.
            if (!ReferenceEquals(Console.Out, _installedOut))
            {
                Console.SetOut(new RoutingWriter(Console.Out, isError: false));
                _installedOut = Console.Out;
            }
            if (!ReferenceEquals(Console.Error, _installedError))
            {
                Console.SetError(new RoutingWriter(Console.Error, isError: true));
                _installedError = Console.Error;
            }
        }
    }

    private sealed class Restore(ICellOutput? previous) : IDisposable
    {
        public void Dispose() => CurrentSink.Value = previous;
    }

    private sealed class RoutingWriter(TextWriter fallback, bool isError) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Route(value.ToString());

        public override void Write(string? value)
        {
            if (!string.IsNullOrEmpty(value)) Route(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            if (count > 0) Route(new string(buffer, index, count));
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (!buffer.IsEmpty) Route(buffer.ToString());
        }

        public override void WriteLine(string? value) => Route((value ?? "") + NewLine);

        public override void WriteLine() => Route(NewLine);

        public override void Flush()
        {
            if (CurrentSink.Value is null) fallback.Flush();
        }

        private void Route(string text)
        {
            var sink = CurrentSink.Value;
            if (sink is null) fallback.Write(text);
            else sink.WriteStream(text, isError);
        }
    }
}
