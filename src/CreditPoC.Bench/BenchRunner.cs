using System.Diagnostics;

namespace CreditPoC.Bench;

/// <summary>Runs the selected steps in order, writing the report after each one (a long run leaves partial results).</summary>
public static class BenchRunner
{
    public static IReadOnlyList<StepRecord> Run(BenchSettings settings, TextWriter log)
    {
        var context = new BenchContext(settings, log);
        var report = new BenchReport(settings, MachineInfo.Current(), DateTimeOffset.UtcNow);
        var selected = settings.Steps.Count == 0
            ? BenchSteps.All
            : BenchSteps.All.Where(s => settings.Steps.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var records = new List<StepRecord>();
        if (!selected.Any(s => s is Steps.GenerateStep) && !File.Exists(settings.DataPath))
        {
            log.WriteLine($"generating {settings.Rows:N0} rows into {settings.DataPath} (not measured: the generate step is not selected)");
            CreditPoC.Data.HomeCreditGenerator.Generate(settings.DataPath, settings.Rows, settings.Seed, overwrite: false);
        }
        foreach (var step in selected)
        {
            var load = MachineInfo.OneMinuteLoad();
            var others = OtherProcessesProbe.CoresBusy(TimeSpan.FromSeconds(1));
            log.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {step.Name}: {step.Description} (load {MachineInfo.LoadAverageNow()}" +
                          (others is { } o ? $"; other processes {o:F2} cores)" : ")"));
            var clock = Stopwatch.StartNew();
            StepResult result;
            try
            {
                result = step.Run(context);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                result = new StepResult { Step = step.Name, Description = step.Description, Skipped = $"failed: {e.GetType().Name}: {e.Message}" };
            }
            records.Add(new StepRecord(result, load, others));
            log.WriteLine(result.Skipped is not null
                ? $"  {result.Skipped}"
                : $"  median {result.Median:F3} s ({result.Min:F3}–{result.Max:F3}), peak {result.PeakMiB:F0} MiB, " +
                  $"met: {result.Met?.ToString() ?? "-"}; step took {clock.Elapsed.TotalSeconds:F1} s");
            foreach (var note in result.Notes) log.WriteLine($"  {note}");
            report.Write(records, context.Memory.RunPeakMiB, finished: false);
        }
        report.Write(records, context.Memory.RunPeakMiB, finished: true);
        return records;
    }
}
