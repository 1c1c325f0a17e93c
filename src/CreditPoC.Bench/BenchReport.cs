using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditPoC.IO;

namespace CreditPoC.Bench;

/// <summary>A step's result with the load of the machine when it started (other work competing for the cores).</summary>
/// <param name="OtherCoresAtStart">Cores other processes kept busy just before the step (see <see cref="OtherProcessesProbe"/>).</param>
public sealed record StepRecord(StepResult Result, double? LoadAtStart, double? OtherCoresAtStart = null);

/// <summary>Writes bench.md (a table for the README) and bench.json (every figure) for a run so far.</summary>
public sealed class BenchReport(BenchSettings settings, MachineInfo machine, DateTimeOffset started)
{
    /// <summary>A step started with a 1-minute load average above the cores' count minus 0.5 is marked as measured under load.</summary>
    public bool UnderLoad(StepRecord record) => record.OtherCoresAtStart is { } others
        ? others >= 0.5
        : record.LoadAtStart is { } load && load > machine.Cores - 0.5;

    public void Write(IReadOnlyList<StepRecord> steps, double runPeakMiB, bool finished)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        AtomicFile.WriteAllText(Path.Combine(settings.OutputDirectory, "bench.md"), Markdown(steps, runPeakMiB, finished));
        AtomicFile.WriteAllText(Path.Combine(settings.OutputDirectory, "bench.json"), Json(steps, runPeakMiB, finished));
    }

    public string Markdown(IReadOnlyList<StepRecord> steps, double runPeakMiB, bool finished)
    {
        var md = new StringBuilder();
        md.AppendLine("# CreditPoC benchmark");
        md.AppendLine();
        md.AppendLine(Inv($"{started.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(finished ? "" : " (in progress: the steps so far)")}; ") +
                          Inv($"{settings.Rows:N0} rows requested, seed {settings.Seed}; data {settings.DataPath}"));
        md.AppendLine();
        md.AppendLine(Inv($"Machine: {machine.Cores} cores ({machine.Cpu}), {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}; ") +
                          Inv($"load average at start {machine.LoadAverage}."));
        md.AppendLine();
        md.AppendLine(Inv($"Parameters: repeat {settings.Repeat} {(settings.WarmUp ? "after a warm-up" : "without warm-up")} (quick steps), {settings.HeavyRepeat} for CompareModels/TuneModel; ") +
                          Inv($"{settings.Folds} folds; {settings.Trials} tuning trials; {settings.SingleRows:N0} single applications. ") + (
                          "Median of the runs, spread = min–max. Peak MiB = the process's peak resident memory during the step " +
                          "(VmHWM reset at the step's start; process-wide, so it includes data earlier steps still hold); " +
                          "alloc MiB = managed bytes allocated by one run; cpu s = processor seconds of the process per run (median, all threads), " +
                          "which on a busy machine shows the work where wall time also counts waiting for a core. ⚠ = the machine was busy when the step began: other processes kept at least half a core busy over the second before it (or, where that cannot be read, 1-minute load ≥ cores − 0.5)."));
        md.AppendLine();
        md.AppendLine("| step | rows | median s | spread s | cpu s | rows/s | peak MiB | alloc MiB | target | met? |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var record in steps)
        {
            var r = record.Result;
            var name = r.Description + (UnderLoad(record) ? " ⚠" : "");
            if (r.Skipped is not null)
            {
                md.AppendLine($"| {name} | | | | | | | | {r.Target} | {r.Skipped} |");
                continue;
            }
            md.AppendLine(Inv($"| {name} | {(r.Rows > 0 ? r.Rows.ToString("N0", CultureInfo.InvariantCulture) : "")} | {r.Median:F2} | ") +
                              Inv($"{r.Min:F2}–{r.Max:F2} | {r.CpuMedian:F2} | {(r.RowsPerSecond is { } rps ? rps.ToString("N0", CultureInfo.InvariantCulture) : "")} | ") +
                              Inv($"{r.PeakMiB:F0} | {r.AllocatedMiB:F0} | {r.Target} | {Met(r.Met)} |"));
        }
        if (finished)
            md.AppendLine(Inv($"| peak memory, whole run | | | | | | {runPeakMiB:F0} | | ≤ 4 GiB | {Met(runPeakMiB <= 4096)} |"));
        md.AppendLine();
        md.AppendLine("Details:");
        md.AppendLine();
        foreach (var record in steps.Where(s => s.Result.Notes.Count > 0))
        {
            var load = record.LoadAtStart is { } l
                ? Inv($" (load {l:F2} at start") + (record.OtherCoresAtStart is { } o ? Inv($", other processes {o:F2} cores)") : ")")
                : "";
            md.AppendLine($"- **{record.Result.Step}**{load}: {string.Join("; ", record.Result.Notes)}");
        }
        return md.ToString();
    }

    public string Json(IReadOnlyList<StepRecord> steps, double runPeakMiB, bool finished)
    {
        var document = new
        {
            date = started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            finished,
            machine,
            settings = new
            {
                settings.Rows, settings.Seed, settings.DataPath, settings.SchemaPath, settings.Repeat, settings.WarmUp, settings.HeavyRepeat,
                settings.Folds, settings.Models, settings.Trials, settings.SingleRows, settings.ColdNotebook, settings.CompareWithPython,
                Steps = steps.Select(s => s.Result.Step).ToList(),
            },
            steps = steps.Select(s => new
            {
                s.Result.Step, s.Result.Description, s.Result.Rows, s.Result.Seconds, s.Result.Median, s.Result.Min, s.Result.Max, s.Result.CpuSeconds, s.Result.CpuMedian,
                s.Result.RowsPerSecond, s.Result.PeakMiB, s.Result.AllocatedMiB, s.Result.Target, s.Result.Met, s.Result.Figures,
                s.Result.Notes, s.Result.Skipped, s.LoadAtStart, s.OtherCoresAtStart, UnderLoad = UnderLoad(s),
            }),
            runPeakMiB,
            runPeakTargetMet = runPeakMiB <= 4096,
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
    }

    private static string Met(bool? met) => met switch { true => "yes", false => "**no**", null => "–" };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
