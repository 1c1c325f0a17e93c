using System.Reflection;
using Microsoft.ML.Trainers.FastTree;

namespace CreditPoC.Modeling;

/// <summary>
/// A boosted tree ensemble (LightGBM or FastTree, as ML.NET holds it) copied into flat arrays, evaluated on a dense
/// feature vector exactly as ML.NET's own trees do: a missing value takes the node's default value (the side
/// LightGBM learned for missing values), a numeric split goes left when value ≤ threshold, a categorical split goes
/// right when any of its one-hot slots is above zero, and the tree outputs are summed in order.
/// </summary>
internal sealed class FlatTreeEnsemble
{
    private readonly int[] _rootOfTree;
    private readonly int[] _leafBaseOfTree;
    private readonly Node[] _nodes;
    private readonly int[]?[] _categoricalSlots;
    private readonly double[] _leafValues;

    /// <summary>One split, kept together so a visit touches one cache line. Feature −1 marks a categorical split.</summary>
    private readonly record struct Node(int Feature, float Threshold, float MissingValue, int Left, int Right);

    private FlatTreeEnsemble(int[] rootOfTree, int[] leafBaseOfTree, Node[] nodes, int[]?[] categoricalSlots, double[] leafValues)
    {
        _rootOfTree = rootOfTree;
        _leafBaseOfTree = leafBaseOfTree;
        _nodes = nodes;
        _categoricalSlots = categoricalSlots;
        _leafValues = leafValues;
    }

    public int TreeCount => _rootOfTree.Length;

    /// <summary>
    /// Copies the trees; null (with the reason) when they cannot be read. ML.NET keeps each node's value for missing
    /// inputs on its internal tree only, so it is read by reflection; a changed ML.NET fails here, not silently.
    /// </summary>
    public static FlatTreeEnsemble? TryCreate(IReadOnlyList<RegressionTreeBase> trees, out string? reason)
    {
        var internalTree = typeof(RegressionTreeBase).GetField("_tree", BindingFlags.NonPublic | BindingFlags.Instance);
        var defaultsField = internalTree?.FieldType.GetField("DefaultValueForMissing", BindingFlags.Public | BindingFlags.Instance);
        if (internalTree is null || defaultsField is null || defaultsField.FieldType != typeof(float[]))
        {
            reason = "this ML.NET version does not expose the trees' missing-value defaults";
            return null;
        }
        var roots = new List<int>();
        var leafBases = new List<int>();
        var nodes = new List<Node>();
        var categorical = new List<int[]?>();
        var leaves = new List<double>();
        foreach (var tree in trees)
        {
            // ML.NET scores a tree whose root has no children as 0 (an untrained tree).
            if (tree.NumberOfNodes == 0 || tree.LeftChild[0] == 0) continue;
            var defaults = (float[]?)defaultsField.GetValue(internalTree.GetValue(tree));
            var nodeBase = nodes.Count;
            roots.Add(nodeBase);
            leafBases.Add(leaves.Count);
            for (var node = 0; node < tree.NumberOfNodes; node++)
            {
                var isCategorical = tree.CategoricalSplitFlags[node];
                // Without defaults ML.NET compares NaN itself, which sends it right; NaN as the default does the same.
                nodes.Add(new Node(isCategorical ? -1 : tree.NumericalSplitFeatureIndexes[node], tree.NumericalSplitThresholds[node],
                    defaults is null ? float.NaN : defaults[node], Child(tree.LeftChild[node], nodeBase), Child(tree.RightChild[node], nodeBase)));
                categorical.Add(isCategorical ? tree.GetCategoricalSplitFeaturesAt(node).ToArray() : null);
            }
            leaves.AddRange(tree.LeafValues);
        }
        reason = null;
        return new FlatTreeEnsemble(roots.ToArray(), leafBases.ToArray(), nodes.ToArray(), categorical.ToArray(), leaves.ToArray());
    }

    /// <summary>A child as a flat node index (≥ 0) or, for a leaf, the complement of its index within the tree.</summary>
    private static int Child(int child, int nodeBase) => child >= 0 ? child + nodeBase : child;

    /// <summary>The ensemble's raw output (the sum of the trees' leaf values) for one dense feature vector.</summary>
    public double Output(ReadOnlySpan<float> features)
    {
        var sum = 0.0;
        for (var tree = 0; tree < _rootOfTree.Length; tree++)
        {
            var node = _rootOfTree[tree];
            while (node >= 0) node = Step(node, features);
            sum += _leafValues[_leafBaseOfTree[tree] + ~node];
        }
        return sum;
    }

    private int Step(int node, ReadOnlySpan<float> features)
    {
        ref readonly var split = ref _nodes[node];
        if (split.Feature < 0)
            return AnyAboveZero(features, _categoricalSlots[node]!, split.MissingValue) ? split.Right : split.Left;
        var value = features[split.Feature];
        if (float.IsNaN(value)) value = split.MissingValue;
        return value <= split.Threshold ? split.Left : split.Right;
    }

    private static bool AnyAboveZero(ReadOnlySpan<float> features, int[] slots, float missingValue)
    {
        foreach (var slot in slots)
        {
            var value = features[slot];
            if (float.IsNaN(value)) value = missingValue;
            if (value > 0f) return true;
        }
        return false;
    }
}
