using System.Globalization;
using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Notebooks.Progress;

/// <summary>
/// Shows notebooks running, for people and for logs. On a terminal, one status line holds a progress bar per
/// running notebook and is redrawn in place with <c>\r</c>; elsewhere (CI, redirected output) every step is a
/// plain line prefixed with the notebook's label. With <c>logOutput</c>, cell outputs are streamed as they come.
/// Safe to share between notebooks that run side by side.
/// </summary>
public sealed class ConsoleProgress
{
    private const int BarWidth = 20;
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly bool _logOutput;
    private readonly int _width;
    private readonly object _gate = new();
    private readonly List<NotebookState> _running = [];
    private int _statusLength;

    /// <param name="writer">Where to write.</param>
    /// <param name="interactive">True on a terminal: redraw a status line; false: plain lines.</param>
    /// <param name="logOutput">Also print what cells write (stdout, stderr, displayed text).</param>
    /// <param name="width">The terminal width; the status line is cut to fit.</param>
    public ConsoleProgress(TextWriter writer, bool interactive, bool logOutput, int width = 100)
    {
        _writer = writer;
        _interactive = interactive;
        _logOutput = logOutput;
        _width = Math.Max(40, width);
    }

    /// <summary>Progress on the console: interactive when standard output is a terminal.</summary>
    public static ConsoleProgress ForConsole(bool logOutput)
    {
        var interactive = !Console.IsOutputRedirected;
        var width = 100;
        if (interactive)
        {
            try { width = Console.WindowWidth; } catch (IOException) { } catch (PlatformNotSupportedException) { }
        }
        return new ConsoleProgress(Console.Out, interactive, logOutput, width > 0 ? width : 100);
    }

    /// <summary>An observer for one notebook; <paramref name="label"/> names it in every line (a task or file name).</summary>
    public INotebookRunObserver ForNotebook(string label) => new NotebookState(this, label);

    /// <summary>Prints a line of its own without breaking the status line.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            ClearStatus();
            _writer.WriteLine(line);
            DrawStatus();
        }
    }

    private void Plain(NotebookState notebook, string message) => WriteLine($"[{notebook.Label}] {message}");

    private void ClearStatus()
    {
        if (!_interactive || _statusLength == 0) return;
        _writer.Write('\r' + new string(' ', _statusLength) + '\r');
        _statusLength = 0;
    }

    private void DrawStatus()
    {
        if (!_interactive || _running.Count == 0) return;
        // With several notebooks side by side, each gets a shorter segment without its cell's first line.
        var compact = _running.Count > 1;
        var line = string.Join("  |  ", _running.Select(n => n.StatusText(compact)));
        if (line.Length > _width - 1) line = line[..(_width - 2)] + "…";
        // Overwrite in place: pad with spaces only as far as the previous line reached, so nothing flickers.
        _writer.Write('\r' + line + new string(' ', Math.Max(0, _statusLength - line.Length)));
        _writer.Flush();
        _statusLength = line.Length;
    }

    private void Redraw()
    {
        lock (_gate) DrawStatus();
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>The progress of one notebook; forwards to the shared console.</summary>
    private sealed class NotebookState(ConsoleProgress console, string label) : INotebookRunObserver
    {
        private int _cell;
        private int _cells;
        private string _firstLine = "";

        public string Label => label;

        public string StatusText(bool compact)
        {
            if (_cell == 0) return $"{label} starting";
            var width = compact ? BarWidth / 2 : BarWidth;
            var done = _cells == 0 ? width : (int)Math.Round(width * (double)(_cell - 1) / _cells);
            var bar = $"{label} [{new string('#', done)}{new string('-', width - done)}] {_cell}/{_cells}";
            return compact ? bar : $"{bar} {_firstLine}";
        }

        public void NotebookStarted(string inputPath, int codeCellCount)
        {
            _cells = codeCellCount;
            if (console._interactive)
            {
                lock (console._gate) console._running.Add(this);
                console.Redraw();
            }
            else
            {
                console.Plain(this, $"started {inputPath} ({codeCellCount} code cells)");
            }
        }

        public void CellStarted(int codeCellNumber, int codeCellCount, string firstLine)
        {
            _cell = codeCellNumber;
            _cells = codeCellCount;
            _firstLine = firstLine.Length > 40 ? firstLine[..39] + "…" : firstLine;
            if (console._interactive) console.Redraw();
            else console.Plain(this, $"cell {codeCellNumber}/{codeCellCount}: {firstLine}");
        }

        public void CellOutput(string text, bool isError)
        {
            if (!console._logOutput) return;
            var lines = text.TrimEnd('\n', '\r').Replace("\r\n", "\n").Split('\n');
            lock (console._gate)
            {
                console.ClearStatus();
                foreach (var line in lines)
                    console._writer.WriteLine($"[{label}] {(isError ? "!" : "|")} {line}");
                console.DrawStatus();
            }
        }

        public void CellFinished(int codeCellNumber, bool succeeded, TimeSpan duration)
        {
            if (!succeeded) console.Plain(this, $"cell {codeCellNumber}/{_cells} failed after {Seconds(duration)}");
            else if (console._interactive) console.Redraw();
        }

        public void NotebookFinished(NotebookRunResult result)
        {
            lock (console._gate) console._running.Remove(this);
            var outcome = result.Succeeded ? "succeeded" : result.Cancelled ? "cancelled" : "failed";
            var error = result.ErrorName is null ? "" : $": {result.ErrorName}: {result.ErrorMessage}";
            console.Plain(this, $"{outcome} in {Seconds(result.Duration)}{(result.Succeeded ? "" : error)} -> {result.OutputPath}");
        }
    }
}
