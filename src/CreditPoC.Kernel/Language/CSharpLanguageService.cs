using System.Text.Json.Nodes;
using CreditPoC.Notebooks.Execution;
using Microsoft.CodeAnalysis.Completion;

namespace CreditPoC.Kernel.Language;

/// <summary>
/// The editor services of the kernel: <c>is_complete</c>, <c>complete</c> (Roslyn's completion service) and
/// <c>inspect</c> (signature and XML documentation), over what the session has run so far. Positions in requests and
/// replies are Unicode code points, as the protocol says.
/// </summary>
internal sealed class CSharpLanguageService(ExecutionSession session)
{
    private readonly SubmissionWorkspace _workspace = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public JsonObject IsComplete(string code) => CompletenessChecker.Check(code);

    /// <param name="cursor">Code points from the start of <paramref name="code"/>; negative means its end.</param>
    public async Task<JsonObject> CompleteAsync(string code, int cursor)
    {
        if (Position(code, cursor) is not { } position) return PastEnd(code, cursor);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var (document, offset) = _workspace.With(session.History, code, position);
            var service = CompletionService.GetService(document) ?? throw new InvalidOperationException("Roslyn has no C# completion service");
            var list = await service.GetCompletionsAsync(document, offset + position).ConfigureAwait(false);
            var start = Math.Clamp(list.Span.Start - offset, 0, position);
            var typed = code[start..position];
            var items = list.ItemsList
                .Where(i => i.FilterText.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .OrderBy(i => !i.FilterText.StartsWith(typed, StringComparison.Ordinal))
                .ThenBy(i => i.SortText, StringComparer.OrdinalIgnoreCase)
                .ToList();
            return new JsonObject
            {
                ["status"] = "ok",
                ["matches"] = new JsonArray(items.Select(i => (JsonNode?)i.DisplayText).Distinct().ToArray()),
                ["cursor_start"] = CodePoints.FromUtf16(code, start),
                ["cursor_end"] = CodePoints.FromUtf16(code, position),
                ["metadata"] = new JsonObject
                {
                    ["_jupyter_types_experimental"] = new JsonArray(items.Select(i => (JsonNode?)new JsonObject
                    {
                        ["text"] = i.DisplayText,
                        ["type"] = i.Tags.FirstOrDefault()?.ToLowerInvariant() ?? "",
                        ["start"] = CodePoints.FromUtf16(code, start),
                        ["end"] = CodePoints.FromUtf16(code, position),
                    }).ToArray()),
                },
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<JsonObject> InspectAsync(string code, int cursor)
    {
        if (Position(code, cursor) is not { } position) return PastEnd(code, cursor);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var (document, offset) = _workspace.With(session.History, code, position);
            var text = await SymbolDocumentation.DescribeAtAsync(document, offset, offset + position).ConfigureAwait(false);
            var data = new JsonObject();
            if (text is not null) data["text/plain"] = text;
            return new JsonObject { ["status"] = "ok", ["found"] = text is not null, ["data"] = data, ["metadata"] = new JsonObject() };
        }
        finally
        {
            _gate.Release();
        }
    }

    private static int? Position(string code, int cursor) => cursor < 0 ? code.Length : CodePoints.ToUtf16(code, cursor) is >= 0 and var p ? p : null;

    private static JsonObject PastEnd(string code, int cursor) => new()
    {
        ["status"] = "error",
        ["ename"] = "ValueError",
        ["evalue"] = $"cursor_pos {cursor} is past the end of the code ({CodePoints.Length(code)} code points)",
        ["traceback"] = new JsonArray(),
    };
}
