namespace CreditPoC.Modeling;

/// <summary>
/// Per-leaf tables that turn path-dependent TreeSHAP into O(leaves · path length) per tree and row (the idea of Fast
/// TreeSHAP v2, Yang 2021). A leaf's term in the tree's value function is a product over the d distinct features U on
/// its path: v(S) = value · Π_{j∈S∩U} o_j · Π_{j∈U∖S} z_j, with z_j the product of the cover ratios of the path's
/// splits on j and o_j ∈ {0, 1} whether the row takes the path at all of them. Its Shapley value for i ∈ U is
/// value · (o_i − z_i) · Σ_{S⊆P∖i} |S|!(d−|S|−1)!/d! · Π_{j∈U∖S∖i} z_j, where P is the set of features with o_j = 1.
/// With T(Q) = Σ_{S⊆Q} |S|!(d−|S|−1)!/d! · Π_{j∈U∖S} z_j stored for every Q ⊆ U, that is
/// value · (1/z_i − 1) · T(P∖i) for i ∈ P and −value · T(P) for i ∉ P: one table lookup per feature of the path.
/// A tree whose tables would be too large (a leaf with more than <see cref="MaxPathFeatures"/> distinct features, or
/// more than 64 features in the tree, more than <see cref="MaxTreeValues"/> in its tables, or the ensemble's tables
/// full at <see cref="MaxValues"/>) or whose covers are not positive is left to the recursive algorithm.
/// </summary>
internal sealed class LeafShapTables
{
    /// <summary>A leaf's table holds 2^d values; beyond this d the tree goes the recursive way.</summary>
    public const int MaxPathFeatures = 14;

    /// <summary>A tree whose leaves' tables would hold more values (256 KB) goes the recursive way.</summary>
    public const int MaxTreeValues = 1 << 15;

    /// <summary>Once the ensemble's tables hold this many values (128 MB), the remaining trees go the recursive way.</summary>
    public const int MaxValues = 1 << 24;

    /// <summary>Per tree: whether its leaves have tables.</summary>
    public readonly bool[] Tabled;

    /// <summary>Per flat split: its feature's bit among the tree's distinct features.</summary>
    public readonly ulong[] SplitBit;

    /// <summary>Per flat leaf: the bits of the distinct features on its path (its U), ascending bit = local element order.</summary>
    public readonly ulong[] LeafFeatures;

    public readonly int[] PathFeatureCount;
    public readonly int[] TableStart;
    public readonly int[] ElementStart;

    /// <summary>Per path element (leaf by leaf): the feature index.</summary>
    public readonly int[] ElementFeature;

    /// <summary>
    /// Per path element two factors: at 2e the one when the row does not follow the feature's splits (−value, times
    /// T(P)), at 2e + 1 the one when it does (value · (1/z − 1), times T(P∖i)); indexed by the bit, without a branch.
    /// </summary>
    public readonly double[] ElementScale;

    public readonly double[] Table;

    /// <summary>The count of trees with tables, of all trees with splits.</summary>
    public int TabledTrees => Tabled.Count(t => t);

    private LeafShapTables(List<int> features, List<double> scales, List<double> table,
        bool[] tabled, ulong[] splitBit, ulong[] leafFeatures, int[] pathFeatureCount, int[] tableStart, int[] elementStart)
    {
        Tabled = tabled;
        SplitBit = splitBit;
        LeafFeatures = leafFeatures;
        PathFeatureCount = pathFeatureCount;
        TableStart = tableStart;
        ElementStart = elementStart;
        ElementFeature = features.ToArray();
        ElementScale = scales.ToArray();
        Table = table.ToArray();
    }

    /// <summary>No tables: every tree goes the recursive way.</summary>
    public static LeafShapTables None(int trees, int splits, int leaves) =>
        new([], [], [], new bool[trees], new ulong[splits], new ulong[leaves], new int[leaves], new int[leaves], new int[leaves]);

    /// <summary>The tables of an ensemble given as its flat arrays (children ≥ 0 splits, &lt; 0 the leaf ~child).</summary>
    public static LeafShapTables Build(int[] roots, int[] splitFeature, int[] left, int[] right, double[] splitCover,
        double[] leafValue, double[] leafCover)
    {
        var tabled = new bool[roots.Length];
        var splitBit = new ulong[splitFeature.Length];
        var leafFeatures = new ulong[leafValue.Length];
        var pathFeatureCount = new int[leafValue.Length];
        var tableStart = new int[leafValue.Length];
        var elementStart = new int[leafValue.Length];
        var features = new List<int>();
        var scales = new List<double>();
        var table = new List<double>();
        for (var tree = 0; tree < roots.Length; tree++)
        {
            if (roots[tree] < 0) continue;
            var bitOf = new Dictionary<int, int>();
            var treeSplits = new List<int>();
            Collect(roots[tree]);
            if (bitOf.Count > 64) continue;
            foreach (var split in treeSplits) splitBit[split] = 1UL << bitOf[splitFeature[split]];

            // The leaves' paths: per distinct feature (by its bit) the product of the cover ratios along the path.
            var paths = new List<(int Leaf, double[] Zero, ulong Features)>();
            var ok = true;
            Walk(roots[tree], new double[bitOf.Count], 0UL);
            if (!ok) continue;
            var featureOfBit = new int[bitOf.Count];
            foreach (var (feature, bit) in bitOf) featureOfBit[bit] = feature;
            var size = paths.Sum(p => 1L << System.Numerics.BitOperations.PopCount(p.Features));
            if (paths.Any(p => System.Numerics.BitOperations.PopCount(p.Features) > MaxPathFeatures) || size > MaxTreeValues || table.Count + size > MaxValues)
                continue;
            foreach (var (leaf, zero, mask) in paths)
            {
                var d = System.Numerics.BitOperations.PopCount(mask);
                leafFeatures[leaf] = mask;
                pathFeatureCount[leaf] = d;
                elementStart[leaf] = features.Count;
                tableStart[leaf] = table.Count;
                var z = new double[d];
                var i = 0;
                for (var rest = mask; rest != 0; rest &= rest - 1, i++)
                {
                    var bit = System.Numerics.BitOperations.TrailingZeroCount(rest);
                    z[i] = zero[bit];
                    features.Add(featureOfBit[bit]);
                    scales.Add(-leafValue[leaf]);
                    scales.Add(leafValue[leaf] * (1.0 / z[i] - 1.0));
                }
                AppendTable(table, z);
            }
            tabled[tree] = true;

            void Collect(int node)
            {
                if (node < 0) return;
                treeSplits.Add(node);
                bitOf.TryAdd(splitFeature[node], bitOf.Count);
                Collect(left[node]);
                Collect(right[node]);
            }

            void Walk(int node, double[] zero, ulong seen)
            {
                if (node < 0)
                {
                    paths.Add((~node, zero, seen));
                    return;
                }
                var bit = bitOf[splitFeature[node]];
                foreach (var child in (ReadOnlySpan<int>)[left[node], right[node]])
                {
                    var ratio = (child >= 0 ? splitCover[child] : leafCover[~child]) / splitCover[node];
                    if (!(ratio > 0 && double.IsFinite(ratio))) { ok = false; return; }
                    var next = (double[])zero.Clone();
                    next[bit] = (seen & (1UL << bit)) != 0 ? zero[bit] * ratio : ratio;
                    Walk(child, next, seen | (1UL << bit));
                }
            }
        }
        return new LeafShapTables(features, scales, table,
            tabled, splitBit, leafFeatures, pathFeatureCount, tableStart, elementStart);
    }

    /// <summary>T(Q) for every Q ⊆ {0…d−1}: the subset sums of g(S) = |S|!(d−|S|−1)!/d! · Π_{j∉S} z_j (g of the full set is 0).</summary>
    private static void AppendTable(List<double> table, double[] z)
    {
        var d = z.Length;
        var weight = new double[d];
        for (var s = 0; s < d; s++)
        {
            // s!(d−s−1)!/d! = 1 / (d · C(d−1, s))
            var choose = 1.0;
            for (var k = 1; k <= s; k++) choose = choose * (d - 1 - s + k) / k;
            weight[s] = 1.0 / (d * choose);
        }
        var size = 1 << d;
        var values = new double[size];
        var full = size - 1;
        for (var subset = 0; subset < full; subset++)
        {
            var product = weight[System.Numerics.BitOperations.PopCount((uint)subset)];
            for (var j = 0; j < d; j++)
                if ((subset & (1 << j)) == 0) product *= z[j];
            values[subset] = product;
        }
        for (var j = 0; j < d; j++)
            for (var subset = 0; subset < size; subset++)
                if ((subset & (1 << j)) != 0) values[subset] += values[subset ^ (1 << j)];
        table.AddRange(values);
    }
}
