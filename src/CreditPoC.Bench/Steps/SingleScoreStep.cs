using System.Diagnostics;
using Microsoft.Data.Analysis;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// One application at a time, as the API will score: a row arrives as name → value and one probability goes back.
/// Measures TrainedModel.CreateScorer (the fast path) per call; a few calls of Predict on a one-row DataFrame show
/// what the general path would cost.
/// </summary>
internal sealed class SingleScoreStep : IBenchStep
{
    private const int SlowPathRows = 50;

    public string Name => "single";

    public string Description => "single-application scoring (TrainedModel.CreateScorer, one row per call)";

    public int Order => 70;

    public StepResult Run(BenchContext context)
    {
        var model = context.Model;
        var data = context.Data;
        var count = (int)Math.Min(context.Settings.SingleRows, data.Rows.Count);
        var rows = Enumerable.Range(0, count).Select(i => Row(data, i)).ToList();
        var scorer = model.CreateScorer();
        var latencies = new List<double>();
        var timings = Measure.Run(context, context.Settings.Repeat, () =>
        {
            foreach (var row in rows)
            {
                var start = Stopwatch.GetTimestamp();
                scorer.Score(row);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        });
        var measured = latencies.Skip(latencies.Count - count * timings.Seconds.Count).ToList(); // drop the warm-up's calls
        var p50 = Stats.Percentile(measured, 0.50);
        var p99 = Stats.Percentile(measured, 0.99);

        var slow = new List<double>();
        for (var i = 0; i < Math.Min(SlowPathRows, count); i++)
        {
            var one = data.Filter(new PrimitiveDataFrameColumn<long>("rows", [i]));
            var start = Stopwatch.GetTimestamp();
            model.Predict(one);
            if (i > 0) slow.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        var figures = new Dictionary<string, double>
        {
            ["p50_ms"] = p50,
            ["p99_ms"] = p99,
            ["max_ms"] = measured.Max(),
            ["calls"] = measured.Count,
        };
        if (slow.Count > 0) figures["predict_one_row_dataframe_p50_ms"] = Stats.Percentile(slow, 0.5);
        return StepResults.From(this, timings, count, target: "p99 ≤ 1 ms", met: p99 <= 1.0, figures: figures, notes:
        [
            $"latency per application over {measured.Count:N0} calls: p50 {p50:F3} ms, p99 {p99:F3} ms, max {measured.Max():F3} ms" +
            (slow.Count > 0 ? $"; Predict on a one-row DataFrame instead: p50 {Stats.Percentile(slow, 0.5):F2} ms" : ""),
        ]);
    }

    private static Dictionary<string, object?> Row(DataFrame data, int row)
    {
        var values = new Dictionary<string, object?>(data.Columns.Count, StringComparer.Ordinal);
        foreach (var column in data.Columns) values[column.Name] = column[row];
        return values;
    }
}
