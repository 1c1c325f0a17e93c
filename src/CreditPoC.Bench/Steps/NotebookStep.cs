using System.Diagnostics;
using CreditPoC.Kernel.Client;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Rendering;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// The notebook engine on a 10-cell trivial notebook, start to saved output and HTML: in process (warm: the engine
/// already loaded), as a fresh <c>dotnet CreditPoC.Cli.dll run</c> process (cold), and Jupyter's
/// <c>nbconvert --execute --to html</c> on the same cells in Python when Jupyter is installed.
/// </summary>
internal sealed class NotebookStep : IBenchStep
{
    public string Name => "notebook";

    public string Description => "notebook engine: 10-cell trivial notebook to saved output + HTML";

    public int Order => 80;

    public StepResult Run(BenchContext context)
    {
        var folder = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "notebook")).FullName;
        var input = TrivialNotebooks.WriteCSharp(Path.Combine(folder, "trivial.ipynb"));
        var warmOutput = Path.Combine(folder, "trivial.warm.ipynb");
        var runner = new NotebookRunner();
        var first = Stopwatch.StartNew();
        RunInProcess(runner, input, warmOutput);
        var firstSeconds = first.Elapsed.TotalSeconds;
        var timings = Measure.Run(context, context.Settings.Repeat, () => RunInProcess(runner, input, warmOutput), skipWarmUp: true);

        var figures = new Dictionary<string, double> { ["first_in_process_s"] = firstSeconds };
        var notes = new List<string> { $"in process: first run {firstSeconds:F2} s (compiler start-up), then median {timings.Median:F2} s" };
        if (context.Settings.CliAssembly is { } cliAssembly) KernelProcessFigures(input, Path.Combine(folder, "trivial.kernel.ipynb"), cliAssembly, context.Settings.Repeat, timings.Median, figures, notes);
        else notes.Add("kernel-process figure not run: no creditpoc assembly given (BenchSettings.CliAssembly)");

        double? cold = null;
        if (context.Settings.ColdNotebook && context.Settings.CliAssembly is { } dll)
        {
            var coldOutput = Path.Combine(folder, "trivial.cold.ipynb");
            var seconds = Repeat(context.Settings.Repeat, () =>
            {
                var outcome = ExternalProcess.Run("dotnet", [dll, "run", input, "-o", coldOutput], folder);
                if (outcome.ExitCode != 0) throw new InvalidOperationException($"creditpoc run failed: {outcome.Error.Trim()}");
                return outcome.Seconds;
            });
            cold = Stats.Median(seconds);
            figures["cold_process_median_s"] = cold.Value;
            figures["cold_process_min_s"] = seconds.Min();
            figures["cold_process_max_s"] = seconds.Max();
            notes.Add($"fresh process `dotnet CreditPoC.Cli.dll run`: median {cold:F2} s ({seconds.Min():F2}–{seconds.Max():F2})");
        }
        else if (context.Settings.ColdNotebook)
        {
            notes.Add("fresh-process figure not run: no creditpoc assembly given (BenchSettings.CliAssembly)");
        }

        bool? met = null;
        var jupyter = context.Settings.CompareWithPython ? ExternalProcess.FindWorking(["jupyter", "/usr/bin/jupyter"], "nbconvert", "--version") : null;
        if (!context.Settings.CompareWithPython)
        {
            notes.Add("Jupyter comparison not run (--no-python)");
        }
        else if (jupyter is null)
        {
            notes.Add("Jupyter not installed (`jupyter nbconvert --version` fails): no comparison");
        }
        else
        {
            var python = TrivialNotebooks.WritePython(Path.Combine(folder, "trivial_py.ipynb"));
            var seconds = Repeat(context.Settings.Repeat, () =>
            {
                var outcome = ExternalProcess.Run(jupyter, ["nbconvert", "--to", "html", "--execute", python, "--output", "trivial_py.executed"], folder);
                if (outcome.ExitCode != 0) throw new InvalidOperationException($"jupyter nbconvert failed: {outcome.Error.Trim()}");
                return outcome.Seconds;
            });
            var median = Stats.Median(seconds);
            figures["jupyter_median_s"] = median;
            figures["jupyter_min_s"] = seconds.Min();
            figures["jupyter_max_s"] = seconds.Max();
            figures["ratio_warm_to_jupyter"] = timings.Median / median;
            var compared = cold ?? timings.Median;
            if (cold is { } c) figures["ratio_cold_to_jupyter"] = c / median;
            met = compared <= median;
            notes.Add($"Jupyter `nbconvert --to html --execute` (python3 kernel): median {median:F2} s ({seconds.Min():F2}–{seconds.Max():F2}); " +
                      $"CreditPoC/Jupyter = {timings.Median / median:F2} warm" + (cold is { } k ? $", {k / median:F2} cold" : "") +
                      $"; met? judged on the {(cold is null ? "warm" : "cold")} figure");
        }
        return StepResults.From(this, timings, 10, perRow: false, target: "≤ Jupyter nbconvert --execute", met: met, figures: figures, notes: notes)
            with { Rows = 0 };
    }

    /// <summary>The default engine: a kernel process per notebook with a warm spare, notebooks back to back as a pipeline runs them.</summary>
    private static void KernelProcessFigures(string input, string output, string cliAssembly, int repeat, double inProcessMedian,
        Dictionary<string, double> figures, List<string> notes)
    {
        using var executor = new KernelProcessExecutor(warmSpare: true, launcher: [KernelLauncher.DotnetHost(), cliAssembly, "kernel"]);
        var first = Stopwatch.StartNew();
        RunInProcess(executor, input, output);
        var firstSeconds = first.Elapsed.TotalSeconds;
        var seconds = Enumerable.Range(0, Math.Max(3, repeat)).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            RunInProcess(executor, input, output);
            return clock.Elapsed.TotalSeconds;
        }).ToList();
        var median = Stats.Median(seconds);
        figures["first_kernel_process_s"] = firstSeconds;
        figures["kernel_process_median_s"] = median;
        figures["kernel_process_max_s"] = seconds.Max();
        figures["ratio_kernel_process_to_in_process"] = median / inProcessMedian;
        notes.Add($"kernel process per notebook (the default engine, warm spare kernel, notebooks back to back): first run {firstSeconds:F2} s, " +
                  $"then median {median:F2} s ({seconds.Min():F2}–{seconds.Max():F2}) vs in process {inProcessMedian:F2} s ({median / inProcessMedian:F1}×); " +
                  $"target ≤ 1.5 s per notebook after the first: {(median <= 1.5 ? "met" : "not met")}");
    }

    private static void RunInProcess(INotebookExecutor runner, string input, string output)
    {
        var result = runner.RunAsync(new NotebookRunOptions { InputPath = input, OutputPath = output }).GetAwaiter().GetResult();
        if (!result.Succeeded) throw new InvalidOperationException($"trivial notebook failed: {result.ErrorName}: {result.ErrorMessage}");
        NotebookHtmlRenderer.RenderFile(output, Path.ChangeExtension(output, ".html"));
    }

    /// <summary>One warm-up (file cache, JIT of the tool) and then <paramref name="repeat"/> measured runs.</summary>
    private static List<double> Repeat(int repeat, Func<double> run)
    {
        run();
        return Enumerable.Range(0, Math.Max(1, repeat)).Select(_ => run()).ToList();
    }
}
