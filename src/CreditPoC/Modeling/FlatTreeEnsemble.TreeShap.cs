using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CreditPoC.Modeling;

/// <summary>
/// The scratch memory of <see cref="FlatTreeEnsemble.Contributions(ReadOnlySpan{float}, Span{double}, TreeShapWorkspace)"/>:
/// the unique-path stack of TreeSHAP, sized for the deepest tree. One per thread; reused across rows so a row allocates nothing.
/// </summary>
internal sealed class TreeShapWorkspace
{
    internal struct PathElement
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }

    internal readonly PathElement[] Path;

    /// <summary>1/k for k = 0…depth + 2 (entry 0 unused), so the path updates multiply instead of divide.</summary>
    internal readonly double[] Inverse;

    public TreeShapWorkspace(FlatTreeEnsemble ensemble)
    {
        // LightGBM's bound: a path of at most depth + 1 elements, each level copying its parent's path.
        var length = ensemble.MaxDepth + 2;
        Path = new PathElement[length * (length + 1) / 2];
        Inverse = new double[length + 2];
        for (var k = 1; k < Inverse.Length; k++) Inverse[k] = 1.0 / k;
    }

    internal bool Fits(FlatTreeEnsemble ensemble) => Inverse.Length >= ensemble.MaxDepth + 4;
}

/// <summary>
/// Path-dependent TreeSHAP (Lundberg, Erion and Lee 2018, Algorithm 2) over the flat trees, the values LightGBM's
/// Tree::TreeSHAP computes (its contributions, C_API_PREDICT_CONTRIB): covers are the trees' internal and leaf counts,
/// the row's path at each split is the one <see cref="Output"/> takes (categorical and missing-value routing included),
/// and the last slot holds <see cref="ExpectedValue"/>; the contributions sum to <see cref="Output"/>. A tree is explained
/// from its leaves' precomputed tables (<see cref="LeafShapTables"/>, one lookup per path feature and leaf) or, when
/// too deep for tables, by LightGBM's recursion (ExtendPath, UnwindPath, UnwoundPathSum) in a reused
/// <see cref="TreeShapWorkspace"/>. Either way a row allocates nothing.
/// </summary>
internal sealed partial class FlatTreeEnsemble
{
    [ThreadStatic] private static TreeShapWorkspace? _threadWorkspace;
    [ThreadStatic] private static FlatTreeEnsemble? _threadWorkspaceOwner;

    /// <summary>
    /// SHAP values of one row into phi (FeatureCount + 1 long, the last slot the expected value), with a workspace kept
    /// per thread for the last ensemble it explained.
    /// </summary>
    public void Contributions(ReadOnlySpan<float> features, Span<double> phi)
    {
        if (!ReferenceEquals(_threadWorkspaceOwner, this) || _threadWorkspace is null)
        {
            _threadWorkspace = new TreeShapWorkspace(this);
            _threadWorkspaceOwner = this;
        }
        Contributions(features, phi, _threadWorkspace);
    }

    /// <summary>SHAP values of one row into phi (FeatureCount + 1 long, the last slot the expected value).</summary>
    public void Contributions(ReadOnlySpan<float> features, Span<double> phi, TreeShapWorkspace workspace)
    {
        CheckRow(features, phi, workspace);
        phi.Clear();
        var tables = Tables;
        for (var tree = 0; tree < _rootOfTree.Length; tree++) TreeContributions(tree, features, phi, workspace, tables);
        phi[FeatureCount] = ExpectedValue;
    }

    /// <summary>
    /// SHAP values of many rows: rows holds rowCount × FeatureCount values row by row, phi receives rowCount ×
    /// (FeatureCount + 1), the same values as row by row. Blocks of rows are spread over up to maxThreads threads
    /// (−1: all cores); within a block the trees are the outer loop, so a tree's tables stay in cache.
    /// </summary>
    public void ContributionsOfRows(float[] rows, double[] phi, int maxThreads = -1)
    {
        var rowCount = rows.Length / Math.Max(FeatureCount, 1);
        if (rows.Length != rowCount * FeatureCount) throw new ArgumentException($"rows is not a whole number of {FeatureCount}-value rows.", nameof(rows));
        if (phi.Length != rowCount * (FeatureCount + 1)) throw new ArgumentException($"phi needs {rowCount * (FeatureCount + 1)} values.", nameof(phi));
        const int RowsPerBlock = 32;
        var tables = Tables;
        var blocks = (rowCount + RowsPerBlock - 1) / RowsPerBlock;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, () => new TreeShapWorkspace(this), (block, _, workspace) =>
        {
            var (start, end) = (block * RowsPerBlock, Math.Min(rowCount, (block + 1) * RowsPerBlock));
            phi.AsSpan(start * (FeatureCount + 1), (end - start) * (FeatureCount + 1)).Clear();
            for (var tree = 0; tree < _rootOfTree.Length; tree++)
                for (var row = start; row < end; row++)
                    TreeContributions(tree, rows.AsSpan(row * FeatureCount, FeatureCount), phi.AsSpan(row * (FeatureCount + 1), FeatureCount + 1), workspace, tables);
            for (var row = start; row < end; row++) phi[row * (FeatureCount + 1) + FeatureCount] = ExpectedValue;
            return workspace;
        }, _ => { });
    }

    /// <summary>SHAP values of every row of the matrix: Columns + 1 numbers a row, the last the expected value (LightGBM's contributions layout).</summary>
    public double[] Contributions(FeatureMatrix matrix, int maxThreads = -1)
    {
        if (matrix.Columns != FeatureCount) throw new ArgumentException($"The matrix has {matrix.Columns} columns; the model reads {FeatureCount}.", nameof(matrix));
        var phi = new double[matrix.Rows * (FeatureCount + 1)];
        ContributionsOfRows(matrix.Values, phi, maxThreads);
        return phi;
    }

    private void CheckRow(ReadOnlySpan<float> features, Span<double> phi, TreeShapWorkspace workspace)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"The row has {features.Length} values; the model reads {FeatureCount}.", nameof(features));
        if (phi.Length != FeatureCount + 1) throw new ArgumentException($"phi needs {FeatureCount + 1} slots (features and the expected value).", nameof(phi));
        if (!workspace.Fits(this)) throw new ArgumentException("The workspace was made for a shallower ensemble.", nameof(workspace));
    }

    private LeafShapTables? _tables;

    /// <summary>The leaves' TreeSHAP tables, built on first use (scoring alone never needs them).</summary>
    internal LeafShapTables Tables => _tables ??= BuildTables();

    /// <summary>For tests: every tree's contributions by LightGBM's recursive algorithm instead of the tables.</summary>
    internal void UseRecursiveTreeShapOnly() => _tables = LeafShapTables.None(_rootOfTree.Length, _nodes.Length, _leafValues.Length);

    private LeafShapTables BuildTables()
    {
        var feature = new int[_nodes.Length];
        var left = new int[_nodes.Length];
        var right = new int[_nodes.Length];
        for (var node = 0; node < _nodes.Length; node++) (feature[node], left[node], right[node]) = (_nodes[node].Feature, _nodes[node].Left, _nodes[node].Right);
        return LeafShapTables.Build(_rootOfTree, feature, left, right, _nodeCounts, _leafValues, _leafCounts);
    }

    /// <summary>Adds one tree's contributions to phi (not its expected value).</summary>
    private void TreeContributions(int tree, ReadOnlySpan<float> features, Span<double> phi, TreeShapWorkspace workspace, LeafShapTables tables)
    {
        var root = _rootOfTree[tree];
        if (root < 0) return;
        if (tables.Tabled[tree]) Walk(tables, root, 0UL, features, phi);
        else Recurse(features, phi, workspace, root, 0, 0, 1.0, 1.0, -1);
    }

    /// <summary>Visits every leaf with the features whose splits the row does not follow on the way (failed).</summary>
    private void Walk(LeafShapTables tables, int node, ulong failed, ReadOnlySpan<float> features, Span<double> phi)
    {
        while (node >= 0)
        {
            ref readonly var split = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_nodes), node);
            var hot = Next(in split, features);
            Walk(tables, hot == split.Left ? split.Right : split.Left, failed | tables.SplitBit[node], features, phi);
            node = hot;
        }
        var leaf = ~node;
        var mask = tables.LeafFeatures[leaf];
        var followed = (int)Extract(mask & ~failed, mask);
        var count = tables.PathFeatureCount[leaf];
        ref var table = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(tables.Table), tables.TableStart[leaf]);
        var element = tables.ElementStart[leaf];
        ref var feature = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(tables.ElementFeature), element);
        ref var scale = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(tables.ElementScale), 2 * element);
        ref var contribution = ref MemoryMarshal.GetReference(phi);
        // Followed: scale · T(P∖i); not followed: −value · T(P). The tables were sized for these indexes when built.
        for (var i = 0; i < count; i++)
        {
            var bit = (followed >> i) & 1;
            Unsafe.Add(ref contribution, Unsafe.Add(ref feature, i)) += Unsafe.Add(ref scale, 2 * i + bit) * Unsafe.Add(ref table, followed ^ (bit << i));
        }
    }

    /// <summary>The bits of value selected by mask, packed low (BMI2's PEXT).</summary>
    private static ulong Extract(ulong value, ulong mask)
    {
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported) return System.Runtime.Intrinsics.X86.Bmi2.X64.ParallelBitExtract(value, mask);
        ulong packed = 0;
        for (var bit = 1UL; mask != 0; mask &= mask - 1, bit <<= 1)
            if ((value & mask & (~mask + 1)) != 0) packed |= bit;
        return packed;
    }

    private double Cover(int node) => node >= 0 ? _nodeCounts[node] : _leafCounts[~node];

    /// <summary>LightGBM's Tree::TreeSHAP: the parent's path starts at parentStart, this node's path right after it.</summary>
    private void Recurse(ReadOnlySpan<float> features, Span<double> phi, TreeShapWorkspace workspace, int node, int parentStart, int depth,
        double parentZero, double parentOne, int parentFeature)
    {
        var all = workspace.Path;
        var start = parentStart + depth;
        if (depth > 0) Array.Copy(all, parentStart, all, start, depth);
        var path = all.AsSpan(start, depth + 1);
        Extend(path, depth, parentZero, parentOne, parentFeature, workspace.Inverse);

        if (node < 0)
        {
            var value = _leafValues[~node];
            for (var i = 1; i <= depth; i++)
            {
                ref readonly var element = ref path[i];
                phi[element.Feature] += UnwoundSum(path, depth, i, workspace.Inverse) * (element.One - element.Zero) * value;
            }
            return;
        }

        ref readonly var split = ref _nodes[node];
        var hot = Next(in split, features);
        var cold = hot == split.Left ? split.Right : split.Left;
        var cover = _nodeCounts[node];
        var hotZero = Cover(hot) / cover;
        var coldZero = Cover(cold) / cover;
        double incomingZero = 1.0, incomingOne = 1.0;

        // A feature already on the path is unwound and re-added with this split's fractions.
        var at = 0;
        for (; at <= depth; at++)
            if (path[at].Feature == split.Feature) break;
        if (at <= depth)
        {
            incomingZero = path[at].Zero;
            incomingOne = path[at].One;
            Unwind(path, depth, at, workspace.Inverse);
            depth--;
        }
        Recurse(features, phi, workspace, hot, start, depth + 1, hotZero * incomingZero, incomingOne, split.Feature);
        Recurse(features, phi, workspace, cold, start, depth + 1, coldZero * incomingZero, 0.0, split.Feature);
    }

    private static void Extend(Span<TreeShapWorkspace.PathElement> path, int depth, double zero, double one, int feature, double[] inverse)
    {
        path[depth] = new TreeShapWorkspace.PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1.0 : 0.0 };
        var scale = inverse[depth + 1];
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) * scale;
            path[i].Weight = zero * path[i].Weight * (depth - i) * scale;
        }
    }

    private static void Unwind(Span<TreeShapWorkspace.PathElement> path, int depth, int index, double[] inverse)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        double depthPlusOne = depth + 1, scale = inverse[depth + 1];
        if (one != 0)
        {
            for (var i = depth - 1; i >= 0; i--)
            {
                var previous = path[i].Weight;
                path[i].Weight = next * depthPlusOne * inverse[i + 1] / one;
                next = previous - path[i].Weight * zero * (depth - i) * scale;
            }
        }
        else
        {
            for (var i = depth - 1; i >= 0; i--)
                path[i].Weight = path[i].Weight * depthPlusOne / (zero * (depth - i));
        }
        for (var i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    private static double UnwoundSum(ReadOnlySpan<TreeShapWorkspace.PathElement> path, int depth, int index, double[] inverse)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        double total = 0, depthPlusOne = depth + 1, scale = inverse[depth + 1];
        if (one != 0)
        {
            // Along a path one is 0 or 1; a 1 needs no division.
            var perOne = depthPlusOne / one;
            for (var i = depth - 1; i >= 0; i--)
            {
                var part = next * perOne * inverse[i + 1];
                total += part;
                next = path[i].Weight - part * zero * (depth - i) * scale;
            }
        }
        else
        {
            var perZero = depthPlusOne / zero;
            for (var i = depth - 1; i >= 0; i--) total += path[i].Weight * perZero * inverse[depth - i];
        }
        return total;
    }
}
