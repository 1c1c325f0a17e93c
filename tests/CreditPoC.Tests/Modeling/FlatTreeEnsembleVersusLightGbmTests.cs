using System.Diagnostics;
using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>
/// A model trained by LightGBM itself (through its C API), read back from its model text: our scores and TreeSHAP
/// values must be LightGBM's raw PredictForMat and its contributions, on the training rows and on messy new rows.
/// </summary>
[TestClass]
public sealed class FlatTreeEnsembleVersusLightGbmTests
{
    private const int Columns = 7;

    /// <summary>
    /// x0 numeric with NaNs, x1 numeric with many exact zeros, x2 a category of 45 levels (bitsets over two words) with
    /// NaNs, x3 a category of 4 levels, x4 an integer count, x5 noise, x6 numeric with NaNs and zeros.
    /// </summary>
    private static (FeatureMatrix Matrix, bool[] Labels) Rows(int rows, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * Columns];
        var labels = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            var x = values.AsSpan(r * Columns, Columns);
            x[0] = random.NextDouble() < 0.15 ? float.NaN : (float)(random.NextDouble() * 4 - 2);
            x[1] = random.NextDouble() < 0.4 ? 0f : (float)random.NextDouble();
            x[2] = random.NextDouble() < 0.1 ? float.NaN : random.Next(45);
            x[3] = random.Next(4);
            x[4] = random.Next(0, 12);
            x[5] = (float)random.NextDouble();
            x[6] = random.Next(5) switch { 0 => float.NaN, 1 => 0f, _ => (float)(random.NextDouble() * 100) };
            var logit = (float.IsNaN(x[0]) ? 0.7 : x[0]) + (x[1] == 0 ? -0.5 : x[1]) + (float.IsNaN(x[2]) ? 0.3 : (int)x[2] % 3 == 0 ? 1 : (int)x[2] > 33 ? -1 : 0)
                + (x[3] == 2 ? 0.8 : 0) + 0.1 * (x[4] - 6) + (float.IsNaN(x[6]) ? -0.4 : x[6] / 100);
            labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
        }
        return (new FeatureMatrix(values, rows, Columns), labels);
    }

    /// <summary>Rows LightGBM never saw: unseen, negative, fractional and huge category codes, NaN and zero everywhere, ±1e−35.</summary>
    private static FeatureMatrix Messy(int rows, int seed)
    {
        var random = new Random(seed);
        float[] odd = [float.NaN, 0f, -0f, 1e-35f, -1e-35f, -1f, -0.5f, 0.5f, 31f, 32f, 44.9f, 45f, 63f, 64f, 1000f, 3e9f, -3e9f, float.PositiveInfinity, float.NegativeInfinity];
        var values = new float[rows * Columns];
        for (var i = 0; i < values.Length; i++)
            values[i] = random.Next(3) == 0 ? odd[random.Next(odd.Length)] : (float)(random.NextDouble() * 20 - 5);
        return new FeatureMatrix(values, rows, Columns);
    }

    private static LightGbmFit Train(FeatureMatrix matrix, bool[] labels, int rounds, int leaves)
    {
        using var data = LightGbmDataset.Create(matrix, labels, LightGbmParameters.DatasetParameters([2, 3], 1, 1));
        return LightGbmTraining.Train(data, null,
            LightGbmParameters.Default with { NumLeaves = leaves, NumBoostRound = rounds, MinChildSamples = 10 }, seed: 4, threads: 1);
    }

    [TestMethod]
    public void OutputAndContributionsAreLightGbmsOwn()
    {
        var (matrix, labels) = Rows(4000, 1);
        using var fit = Train(matrix, labels, rounds: 40, leaves: 31);
        var text = fit.ModelText();
        StringAssert.Contains(text, "cat_threshold=", "the model has categorical splits");
        var ensemble = FlatTreeEnsemble.FromModelText(text);
        Assert.AreEqual(Columns, ensemble.FeatureCount);
        Assert.AreEqual(fit.Rounds, ensemble.TreeCount);
        Assert.IsTrue(LightGbmModelText.Parse(text).Trees.Any(t => t.CatBoundaries.Zip(t.CatBoundaries.Skip(1)).Any(b => b.Second - b.First > 1)),
            "a categorical split's bitset spans more than one word");

        foreach (var (rows, what) in new[] { (matrix, "training rows"), (Messy(2000, 2), "messy rows") })
        {
            var raw = fit.Booster.Predict(rows, LightGbmNative.PredictRawScore, 1, fit.Rounds);
            var contributions = fit.Booster.Predict(rows, LightGbmNative.PredictContrib, 1, fit.Rounds);
            var ours = ensemble.Contributions(rows, maxThreads: 1);
            for (var r = 0; r < rows.Rows; r++)
            {
                var output = ensemble.Output(rows.Row(r));
                Assert.AreEqual(raw[r], output, 1e-9 * Math.Max(1, Math.Abs(raw[r])), $"{what}: row {r} [{string.Join(", ", rows.Row(r).ToArray())}]");
                for (var i = 0; i <= Columns; i++)
                    Assert.AreEqual(contributions[r * (Columns + 1) + i], ours[r * (Columns + 1) + i], 1e-6, $"{what}: row {r}, φ[{i}]");
            }
        }
    }

    [TestMethod]
    public void GainPerFeatureIsLightGbmsGainImportance()
    {
        var (matrix, labels) = Rows(3000, 3);
        using var fit = Train(matrix, labels, rounds: 20, leaves: 15);
        var ours = FlatTreeEnsemble.FromModelText(fit.ModelText()).GainPerFeature();
        var theirs = fit.Booster.GainImportance(fit.Rounds);
        // The model text writes split_gain with about 6 significant digits; LightGBM sums its full floats.
        for (var f = 0; f < Columns; f++) Assert.AreEqual(theirs[f], ours[f], 1e-5 * Math.Max(1, theirs[f]), $"feature {f}");
    }

    /// <summary>A day's explanations on a real LightGBM model: 3,416 rows × 120 features, 300 trees of 31 leaves. Prints times only.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void TimeADayOfContributionsOnARealModel()
    {
        const int features = 120, trees = 300;
        var random = new Random(9);
        FeatureMatrix Wide(int rows, out bool[] labels)
        {
            var values = new float[rows * features];
            labels = new bool[rows];
            for (var r = 0; r < rows; r++)
            {
                var logit = 0.0;
                for (var f = 0; f < features; f++)
                {
                    var v = random.NextDouble() < 0.1 ? float.NaN : f % 10 == 0 ? random.Next(20) : (float)random.NextDouble();
                    values[r * features + f] = v;
                    if (!float.IsNaN(v)) logit += (f % 7 - 3) * 0.05 * (f % 10 == 0 ? (v % 3 == 0 ? 1 : -1) : v);
                }
                labels[r] = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            }
            return new FeatureMatrix(values, rows, features);
        }
        var train = Wide(20000, out var trainLabels);
        var day = Wide(3416, out _);
        using var data = LightGbmDataset.Create(train, trainLabels, LightGbmParameters.DatasetParameters(Enumerable.Range(0, features).Where(f => f % 10 == 0).ToArray(), 1, 2));
        using var fit = LightGbmTraining.Train(data, null, LightGbmParameters.Default with { NumLeaves = 31, NumBoostRound = trees, MinChildSamples = 20 }, seed: 1, threads: 2);
        var ensemble = FlatTreeEnsemble.FromModelText(fit.ModelText());
        var phi = new double[day.Rows * (features + 1)];
        ensemble.ContributionsOfRows(day.Values, phi, maxThreads: 2); // warm-up and the tables

        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        ensemble.ContributionsOfRows(day.Values, phi, maxThreads: 2);
        var ours = clock.Elapsed;
        process.Refresh();
        var oursCpu = process.TotalProcessorTime - cpu;
        cpu = process.TotalProcessorTime;
        clock.Restart();
        var theirs = fit.Booster.Predict(day, LightGbmNative.PredictContrib, 2, fit.Rounds);
        var lightGbm = clock.Elapsed;
        process.Refresh();
        var lightGbmCpu = process.TotalProcessorTime - cpu;
        var worst = phi.Zip(theirs).Max(p => Math.Abs(p.First - p.Second));

        cpu = process.TotalProcessorTime;
        clock.Restart();
        var sink = 0.0;
        for (var repeat = 0; repeat < 5; repeat++)
            for (var row = 0; row < day.Rows; row++) sink += ensemble.Output(day.Row(row));
        var output = clock.Elapsed / 5;
        process.Refresh();
        var outputCpu = (process.TotalProcessorTime - cpu) / 5;
        cpu = process.TotalProcessorTime;
        clock.Restart();
        var raw = fit.Booster.Predict(day, LightGbmNative.PredictRawScore, 1, fit.Rounds);
        var lightGbmRaw = clock.Elapsed;
        process.Refresh();
        var lightGbmRawCpu = process.TotalProcessorTime - cpu;
        Console.WriteLine($"Output, 1 thread: ours {output.TotalMilliseconds:F1} ms wall, {outputCpu.TotalMilliseconds:F1} ms CPU ({day.Rows / outputCpu.TotalSeconds:F0} rows/s of CPU); " +
            $"LightGBM raw: {lightGbmRaw.TotalMilliseconds:F1} ms wall, {lightGbmRawCpu.TotalMilliseconds:F1} ms CPU [{sink - 5 * raw.Sum():E1}]");
        Console.WriteLine($"{day.Rows} rows × {features} features, {ensemble.TreeCount} trees (max depth {ensemble.MaxDepth}), " +
            $"tables for {ensemble.Tables.TabledTrees} trees, {ensemble.Tables.Table.Length:N0} table values");
        Console.WriteLine($"ours: {ours.TotalSeconds:F3} s wall, {oursCpu.TotalSeconds:F3} s CPU; LightGBM: {lightGbm.TotalSeconds:F3} s wall, {lightGbmCpu.TotalSeconds:F3} s CPU; largest |Δφ| {worst:E2}");
    }
}
