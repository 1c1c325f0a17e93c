using System.Globalization;
using CreditPoC.Loading;
using Microsoft.Data.Analysis;

namespace CreditPoC.Bench.Steps;

/// <summary>CsvTableLoader with the schema's types, against pandas read_csv on the same file when pandas is installed.</summary>
internal sealed class LoadStep : IBenchStep
{
    private const string PandasScript = """
        import sys, time, pandas
        path, repeat = sys.argv[1], int(sys.argv[2])
        pandas.read_csv(path)
        times = []
        for _ in range(repeat):
            t = time.perf_counter(); df = pandas.read_csv(path); times.append(time.perf_counter() - t)
        print(len(df), pandas.__version__, *times)
        """;

    public string Name => "load";

    public string Description => "load the CSV into a DataFrame with schema types (CsvTableLoader)";

    public int Order => 20;

    public StepResult Run(BenchContext context)
    {
        var schema = context.Schema;
        DataFrame? data = null;
        var timings = Measure.Run(context, context.Settings.Repeat, () =>
        {
            data = CsvTableLoader.Load(context.Settings.DataPath, schema, strict: false);
        }, beforeEach: () => data = null); // the previous run's result goes before the next run, as in a fresh process
        context.Data = data!;
        var rows = data!.Rows.Count;
        var figures = new Dictionary<string, double> { ["columns"] = data.Columns.Count };
        var notes = new List<string>();
        bool? met = null;
        var python = context.Settings.CompareWithPython ? ExternalProcess.FindWorking(["python3", "/usr/bin/python3"], "-c", "import pandas") : null;
        if (!context.Settings.CompareWithPython)
        {
            notes.Add("pandas comparison not run (--no-python)");
        }
        else if (python is null)
        {
            notes.Add("pandas not installed (python3 -c \"import pandas\" fails): no comparison");
        }
        else
        {
            var outcome = ExternalProcess.Run(python, ["-c", PandasScript, context.Settings.DataPath, context.Settings.Repeat.ToString(CultureInfo.InvariantCulture)]);
            var parts = outcome.Output.Trim().Split(' ');
            if (outcome.ExitCode != 0 || parts.Length < 3)
            {
                notes.Add($"pandas run failed: {outcome.Error.Trim().Split('\n').LastOrDefault()}");
            }
            else
            {
                var pandasSeconds = parts.Skip(2).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToList();
                var pandasMedian = Stats.Median(pandasSeconds);
                figures["pandas_median_s"] = pandasMedian;
                figures["pandas_min_s"] = pandasSeconds.Min();
                figures["pandas_max_s"] = pandasSeconds.Max();
                figures["ratio_to_pandas"] = timings.Median / pandasMedian;
                met = timings.Median <= pandasMedian;
                notes.Add($"pandas {parts[1]} read_csv (types inferred, {python}): median {pandasMedian:F2} s " +
                          $"({pandasSeconds.Min():F2}–{pandasSeconds.Max():F2}); CreditPoC/pandas = {timings.Median / pandasMedian:F2}");
            }
        }
        return StepResults.From(this, timings, rows, target: "≤ pandas read_csv", met: met, figures: figures, notes: notes);
    }
}
