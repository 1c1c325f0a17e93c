using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC.IO;
using CreditPoC.Tracking;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>
/// Mends the <c>summary.json</c> of a pipeline run whose process died (SIGKILL, power loss): it said "running"
/// forever. The run store knows better (<see cref="RunStore.RepairAbandoned"/>); this makes the folder agree.
/// </summary>
public static class SummaryRepair
{
    /// <summary>
    /// Marks the run in <paramref name="runFolder"/> failed in each of its summaries (<c>summary.json</c>, and
    /// <c>summary.N.json</c> of reruns) that still says running. Returns whether any changed.
    /// </summary>
    public static bool MarkInterrupted(string runFolder)
    {
        if (!Directory.Exists(runFolder)) return false;
        var changed = false;
        foreach (var path in Directory.EnumerateFiles(runFolder, "summary*.json").Order(StringComparer.Ordinal))
            changed |= MarkFileInterrupted(path);
        return changed;
    }

    private static bool MarkFileInterrupted(string path)
    {
        if (!File.Exists(path)) return false;
        JsonObject summary;
        try
        {
            summary = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            return false; // not ours to fix; the store has the truth
        }
        if ((string?)summary["status"] != "running") return false;
        summary["status"] = "failed";
        summary["error"] = RunStore.InterruptedError;
        AtomicFile.WriteAllText(path, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return true;
    }

    /// <summary>Marks abandoned runs failed in <paramref name="store"/> and mends their folders; returns the task runs marked.</summary>
    public static int RepairAbandoned(RunStore store)
    {
        var abandoned = store.RepairAbandoned();
        foreach (var folder in abandoned.PipelineRunFolders) MarkInterrupted(folder);
        return abandoned.TaskRuns;
    }
}
