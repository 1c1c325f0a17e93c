using System.Diagnostics;
using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>
/// TreeSHAP against exact Shapley values by brute force over every subset of features, with the path-dependent value
/// function: v(S) is the tree's output when the features in S follow the row and every other split averages its two
/// children by their covers.
/// </summary>
[TestClass]
public sealed class TreeShapTests
{
    private static double Conditional(LightGbmTreeText tree, int node, float[] row, int known)
    {
        if (node < 0) return tree.LeafValue[~node];
        if ((known & (1 << tree.SplitFeature[node])) != 0) return Conditional(tree, RandomLightGbmModels.Decide(tree, node, row), row, known);
        double Cover(int child) => child < 0 ? tree.LeafCount[~child] : tree.InternalCount[child];
        int left = tree.LeftChild[node], right = tree.RightChild[node];
        return (Cover(left) * Conditional(tree, left, row, known) + Cover(right) * Conditional(tree, right, row, known)) / tree.InternalCount[node];
    }

    /// <summary>φ_i = Σ_S |S|!(M−|S|−1)!/M! (v(S ∪ i) − v(S)) over every S without i, and v(∅) in the last slot.</summary>
    internal static double[] BruteForce(LightGbmModelText model, float[] row)
    {
        var m = model.MaxFeatureIndex + 1;
        var value = new double[1 << m];
        for (var known = 0; known < value.Length; known++)
            foreach (var tree in model.Trees)
                value[known] += tree.NumLeaves == 1 ? tree.LeafValue[0] : Conditional(tree, 0, row, known);
        var factorial = new double[m + 1];
        factorial[0] = 1;
        for (var k = 1; k <= m; k++) factorial[k] = factorial[k - 1] * k;
        var phi = new double[m + 1];
        for (var i = 0; i < m; i++)
            for (var known = 0; known < value.Length; known++)
            {
                if ((known & (1 << i)) != 0) continue;
                var size = int.PopCount(known);
                phi[i] += factorial[size] * factorial[m - size - 1] / factorial[m] * (value[known | (1 << i)] - value[known]);
            }
        phi[m] = value[0];
        return phi;
    }

    /// <summary>Both ways to the contributions (the leaf tables and LightGBM's recursion) against brute force.</summary>
    private static void AssertMatchesBruteForce(string text, float[] row, string what)
    {
        if (LightGbmModelText.Parse(text).MaxFeatureIndex < LeafShapTables.MaxPathFeatures)
            Assert.AreEqual(LightGbmModelText.Parse(text).Trees.Count(t => t.NumLeaves > 1), FlatTreeEnsemble.FromModelText(text).Tables.TabledTrees, "every tree has tables");
        var model = LightGbmModelText.Parse(text);
        var exact = BruteForce(model, row);
        var tabled = FlatTreeEnsemble.FromModelText(text);
        var recursive = FlatTreeEnsemble.FromModelText(text);
        recursive.UseRecursiveTreeShapOnly();
        foreach (var (ensemble, way) in new[] { (tabled, "tables"), (recursive, "recursion") })
        {
            var phi = new double[ensemble.FeatureCount + 1];
            ensemble.Contributions(row, phi);
            for (var i = 0; i < phi.Length; i++)
                Assert.AreEqual(exact[i], phi[i], 1e-9, $"{what}, {way}: φ[{i}] for row [{string.Join(", ", row)}]");
            var output = ensemble.Output(row);
            Assert.AreEqual(RandomLightGbmModels.Predict(model, row), output, 1e-12, $"{what}: output");
            Assert.AreEqual(output, phi.Sum(), 1e-9, $"{what}, {way}: Σφ");
        }
    }

    [TestMethod]
    [DynamicData(nameof(LightGbmModelTextTests.Rows), typeof(LightGbmModelTextTests))]
    public void TheHandWrittenModelsContributionsAreTheExactShapleyValues(float[] row, double _) =>
        AssertMatchesBruteForce(LightGbmModelTextTests.Model, row, "hand-written model");

    [TestMethod]
    public void TheExpectedValueIsTheLastSlot()
    {
        var ensemble = FlatTreeEnsemble.FromModelText(LightGbmModelTextTests.Model);
        var phi = new double[6];
        ensemble.Contributions([1f, 0.2f, 3f, 5f, 0f], phi);
        Assert.AreEqual(ensemble.ExpectedValue, phi[5], 1e-15);
    }

    [TestMethod]
    public void RandomEnsemblesContributionsAreTheExactShapleyValues()
    {
        var random = new Random(20261201);
        for (var model = 0; model < 60; model++)
        {
            var features = random.Next(1, 11);
            var text = RandomLightGbmModels.Text(random, features, trees: random.Next(1, 6), maxLeaves: random.Next(1, 16));
            for (var row = 0; row < 8; row++)
                AssertMatchesBruteForce(text, RandomLightGbmModels.Row(random, features), $"model {model}");
        }
    }

    [TestMethod]
    public void DeepTreesWithFeaturesRepeatedAlongAPathAreExactToo()
    {
        // Three features over 25-leaf trees: every path splits on each feature several times.
        var random = new Random(7);
        for (var model = 0; model < 10; model++)
        {
            var text = RandomLightGbmModels.Text(random, features: 3, trees: 3, maxLeaves: 25);
            for (var row = 0; row < 10; row++)
                AssertMatchesBruteForce(text, RandomLightGbmModels.Row(random, 3), $"model {model}");
        }
    }

    /// <summary>A chain of 16 splits on 16 features (a leaf with 16 path features, beyond the tables) beside a tree with tables.</summary>
    [TestMethod]
    public void ATreeTooDeepForTablesIsExplainedByRecursionBesideTabledTrees()
    {
        const int features = 16;
        var chain = string.Join('\n',
            "Tree=1", $"num_leaves={features + 1}", "num_cat=0",
            "split_feature=" + string.Join(' ', Enumerable.Range(0, features)),
            "threshold=" + string.Join(' ', Enumerable.Range(0, features).Select(f => f % 3 == 0 ? "0.5" : "-0.25")),
            "decision_type=" + string.Join(' ', Enumerable.Range(0, features).Select(f => (f % 3) << 2 | (f % 2) << 1)),
            "left_child=" + string.Join(' ', Enumerable.Range(0, features).Select(f => ~f)),
            "right_child=" + string.Join(' ', Enumerable.Range(1, features).Select(f => f < features ? f : ~features)),
            "leaf_value=" + string.Join(' ', Enumerable.Range(0, features + 1).Select(l => ((l % 5) - 2) * 0.1)),
            "leaf_count=" + string.Join(' ', Enumerable.Range(0, features + 1).Select(l => 3 + l % 4)),
            "internal_count=" + string.Join(' ', Enumerable.Range(0, features).Select(f => Enumerable.Range(f, features + 1 - f).Sum(l => 3 + l % 4))),
            "is_linear=0", "shrinkage=1", "", "");
        var random = new Random(12);
        var text = RandomLightGbmModels.Text(random, features, trees: 1, maxLeaves: 20, minLeaves: 20);
        text = text.Replace("end of trees", chain + "\nend of trees");
        Assert.AreEqual(1, FlatTreeEnsemble.FromModelText(text).Tables.TabledTrees, "the chain has no tables");
        for (var row = 0; row < 4; row++)
            AssertMatchesBruteForce(text, RandomLightGbmModels.Row(random, features), $"row {row}");
    }

    [TestMethod]
    public void BatchContributionsEqualRowByRow()
    {
        var random = new Random(3);
        var ensemble = FlatTreeEnsemble.FromModelText(RandomLightGbmModels.Text(random, 8, trees: 20, maxLeaves: 31));
        const int rows = 300;
        var data = Enumerable.Range(0, rows).SelectMany(_ => RandomLightGbmModels.Row(random, 8)).ToArray();
        var batch = new double[rows * 9];
        ensemble.ContributionsOfRows(data, batch, maxThreads: 2);
        var one = new double[9];
        for (var row = 0; row < rows; row++)
        {
            ensemble.Contributions(data.AsSpan(row * 8, 8), one);
            CollectionAssert.AreEqual(one, batch.AsSpan(row * 9, 9).ToArray(), $"row {row}");
        }
    }

    [TestMethod]
    public void ARowIsScoredAndExplainedWithoutAllocating()
    {
        var random = new Random(5);
        var ensemble = FlatTreeEnsemble.FromModelText(RandomLightGbmModels.Text(random, 10, trees: 30, maxLeaves: 31));
        var recursive = FlatTreeEnsemble.FromModelText(RandomLightGbmModels.Text(random, 10, trees: 30, maxLeaves: 31));
        recursive.UseRecursiveTreeShapOnly();
        var row = RandomLightGbmModels.Row(random, 10);
        var phi = new double[11];
        var workspace = new TreeShapWorkspace(recursive);
        ensemble.Contributions(row, phi); // the tables and this thread's workspace
        recursive.Contributions(row, phi, workspace);
        long Allocated(Action action)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var repeat = 0; repeat < 100; repeat++) action();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var sum = 0.0;
        var output = Allocated(() => sum += ensemble.Output(row));
        var tabled = Allocated(() => ensemble.Contributions(row, phi));
        var recursion = Allocated(() => recursive.Contributions(row, phi, workspace));
        Assert.AreEqual((0L, 0L, 0L), (output, tabled, recursion), $"bytes allocated by Output, tables, recursion ({sum})");
    }

    /// <summary>A day's explanations: 3,416 rows × 120 features through 500 trees of 31 leaves. Prints the time; asserts nothing about it.</summary>
    [TestMethod]
    [TestCategory("Slow")]
    public void TimeADayOfContributions()
    {
        var random = new Random(11);
        const int features = 120, rows = 3416, trees = 500;
        var ensemble = FlatTreeEnsemble.FromModelText(RandomLightGbmModels.Text(random, features, trees, maxLeaves: 31, categoricalShare: 0.05, minLeaves: 31));
        var data = Enumerable.Range(0, rows).SelectMany(_ => RandomLightGbmModels.Row(random, features)).ToArray();
        var phi = new double[rows * (features + 1)];
        ensemble.ContributionsOfRows(data, phi, maxThreads: 2); // warm-up
        // The machine is shared: the process's CPU time says what the work costs, the wall clock what it took here.
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        ensemble.ContributionsOfRows(data, phi, maxThreads: 2);
        var shap = clock.Elapsed;
        process.Refresh();
        var shapCpu = process.TotalProcessorTime - cpu;
        cpu = process.TotalProcessorTime;
        clock.Restart();
        var sink = 0.0;
        for (var repeat = 0; repeat < 5; repeat++)
            for (var row = 0; row < rows; row++) sink += ensemble.Output(data.AsSpan(row * features, features));
        var output = clock.Elapsed / 5;
        process.Refresh();
        var outputCpu = (process.TotalProcessorTime - cpu) / 5;
        Console.WriteLine($"Trees with leaf tables: {ensemble.Tables.TabledTrees}, table values: {ensemble.Tables.Table.Length:N0}");
        Console.WriteLine($"TreeSHAP: {rows} rows × {features} features, {ensemble.TreeCount} trees (max depth {ensemble.MaxDepth}), 2 threads: {shap.TotalSeconds:F3} s wall, {shapCpu.TotalSeconds:F3} s CPU");
        Console.WriteLine($"Output: {rows} rows, 1 thread: {output.TotalMilliseconds:F1} ms wall, {outputCpu.TotalMilliseconds:F1} ms CPU ({rows / outputCpu.TotalSeconds:F0} rows/s of CPU) [{sink:F3}]");
    }
}
