using CreditPoC.Loading;
using Microsoft.Data.Analysis;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// The same table loaded from Parquet (ParquetTableLoader: ParquetSharp, columns read side by side) and from CSV
/// (CsvTableLoader), with the schema's types, and the two files' sizes. The Parquet file is written from the loaded
/// table outside the timings (the time of one warm write is a figure).
/// </summary>
internal sealed class ParquetStep : IBenchStep
{
    public string Name => "parquet";

    public string Description => "load the table from Parquet against CSV (schema types), and the files' sizes";

    public int Order => 25;

    public StepResult Run(BenchContext context)
    {
        var schema = context.Schema;
        var csv = context.Settings.DataPath;
        var parquet = Path.Combine(context.WorkDirectory, Path.GetFileNameWithoutExtension(csv) + TableFile.ParquetExtension);
        // The write is timed once after a warm-up write and a full collection (the table was just loaded: the first
        // collections after a load promote it, whatever runs then).
        ParquetTableWriter.Write(context.Data, parquet);
        Measure.Collect();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ParquetTableWriter.Write(context.Data, parquet);
        var writeSeconds = clock.Elapsed.TotalSeconds;

        DataFrame? data = null;
        var fromCsv = Measure.Run(context, context.Settings.Repeat, () => data = CsvTableLoader.Load(csv, schema, strict: false),
            beforeEach: () => data = null);
        var fromParquet = Measure.Run(context, context.Settings.Repeat, () => data = ParquetTableLoader.Load(parquet, schema, strict: false),
            beforeEach: () => data = null);
        var rows = data!.Rows.Count;
        data = null;

        double csvBytes = new FileInfo(csv).Length, parquetBytes = new FileInfo(parquet).Length;
        var figures = new Dictionary<string, double>
        {
            ["csv_median_s"] = fromCsv.Median,
            ["csv_min_s"] = fromCsv.Seconds.Min(),
            ["csv_max_s"] = fromCsv.Seconds.Max(),
            ["csv_cpu_median_s"] = Stats.Median(fromCsv.CpuSeconds),
            ["parquet_cpu_median_s"] = Stats.Median(fromParquet.CpuSeconds),
            ["ratio_to_csv"] = fromParquet.Median / fromCsv.Median,
            ["csv_bytes"] = csvBytes,
            ["parquet_bytes"] = parquetBytes,
            ["size_ratio"] = parquetBytes / csvBytes,
            ["parquet_write_s"] = writeSeconds,
        };
        var notes = new List<string>
        {
            $"CSV {csvBytes / 1048576:F1} MiB, median {fromCsv.Median:F2} s ({fromCsv.Seconds.Min():F2}–{fromCsv.Seconds.Max():F2}), CPU {Stats.Median(fromCsv.CpuSeconds):F2} s; " +
            $"Parquet {parquetBytes / 1048576:F1} MiB ({parquetBytes / csvBytes:P0} of the CSV, Snappy), median {fromParquet.Median:F2} s, CPU {Stats.Median(fromParquet.CpuSeconds):F2} s " +
            $"(Parquet/CSV = {fromParquet.Median / fromCsv.Median:F2}); a warm write takes {writeSeconds:F2} s",
        };
        return StepResults.From(this, fromParquet, rows, target: "≤ CSV load, smaller file",
            met: fromParquet.Median <= fromCsv.Median && parquetBytes < csvBytes, figures: figures, notes: notes);
    }
}
