using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC;
using CreditPoC.Notebooks.Execution;

namespace CreditPoC.TestSupport;

/// <summary>
/// Stands in for the real notebook runner: copies the input notebook with Papermill's metadata and one stdout
/// output per code cell, as a run would. It fails a notebook whose parameters hold FAIL=true (an error output,
/// Succeeded = false), throws a UserFacingException for BAD=anything (a parameter error before any cell), and
/// records every call and the most notebooks it ran at once.
/// </summary>
internal sealed class FakeNotebookExecutor : INotebookExecutor
{
    private int _running;
    private int _maxRunning;

    /// <summary>How long each notebook "runs".</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public ConcurrentQueue<NotebookRunOptions> Calls { get; } = new();

    public int MaxConcurrent => _maxRunning;

    public async Task<NotebookRunResult> RunAsync(NotebookRunOptions options, INotebookRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue(options);
        if (options.Parameters.TryGetValue("BAD", out var bad))
            throw new UserFacingException($"parameter BAD: '{bad}' is not a valid int (expected a whole number such as 42)");
        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, now);
        var start = DateTimeOffset.UtcNow;
        try
        {
            var notebook = JsonNode.Parse(await File.ReadAllTextAsync(options.InputPath, cancellationToken))!.AsObject();
            var cells = notebook["cells"]!.AsArray();
            var codeCells = cells.OfType<JsonObject>().Where(c => (string?)c["cell_type"] == "code").ToList();
            var fails = options.Parameters.TryGetValue("FAIL", out var fail) && fail == "true";
            observer?.NotebookStarted(options.InputPath, codeCells.Count);
            var cancelled = false;
            int? failedIndex = null;
            for (var k = 0; k < codeCells.Count; k++)
            {
                var cell = codeCells[k];
                observer?.CellStarted(k + 1, codeCells.Count, "// cell " + (k + 1));
                try
                {
                    if (Delay > TimeSpan.Zero) await Task.Delay(Delay / codeCells.Count, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    break;
                }
                cell["execution_count"] = k + 1;
                var text = $"ran {Path.GetFileName(options.InputPath)} with {string.Join(", ", options.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}\n";
                var outputs = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = text });
                observer?.CellOutput(text, false);
                if (fails && k == codeCells.Count - 1)
                {
                    outputs.Add(new JsonObject { ["output_type"] = "error", ["ename"] = "InvalidOperationException", ["evalue"] = "the fixture was told to fail", ["traceback"] = new JsonArray("InvalidOperationException: the fixture was told to fail") });
                    failedIndex = cells.IndexOf(cell);
                }
                cell["outputs"] = outputs;
                observer?.CellFinished(k + 1, failedIndex is null, TimeSpan.FromMilliseconds(1));
            }
            var end = DateTimeOffset.UtcNow;
            var metadata = notebook["metadata"] as JsonObject ?? [];
            notebook["metadata"] = metadata;
            metadata["papermill"] = new JsonObject
            {
                ["parameters"] = new JsonObject(options.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
                ["start_time"] = start.ToString("O"),
                ["end_time"] = end.ToString("O"),
                ["duration"] = (end - start).TotalSeconds,
                ["exception"] = failedIndex is not null,
                ["input_path"] = options.InputPath,
                ["output_path"] = options.OutputPath,
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.OutputPath))!);
            await File.WriteAllTextAsync(options.OutputPath, notebook.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
            var result = new NotebookRunResult
            {
                Succeeded = failedIndex is null && !cancelled,
                Cancelled = cancelled,
                OutputPath = options.OutputPath,
                Duration = end - start,
                FailedCellIndex = failedIndex,
                ErrorName = failedIndex is null ? null : "InvalidOperationException",
                ErrorMessage = failedIndex is null ? null : "the fixture was told to fail",
                Warnings = options.Parameters.ContainsKey("UNDECLARED") ? ["parameter UNDECLARED is not declared; the notebook declares TARGET_DATE, DATA_TYPE"] : [],
            };
            observer?.NotebookFinished(result);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = target; value > current; current = target)
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }
}
