using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CreditPoC.Modeling;

/// <summary>
/// A LightGBM tree ensemble, read from its model text (<see cref="LightGbmModelText"/>), in flat arrays and evaluated
/// on a dense float row exactly as LightGBM 4.x predicts: each float is widened to double (values within ±1e-35 read
/// as 0, as LightGBM's C API reads a dense row), a numeric split sends NaN to its learned side when its missing type
/// is NaN and reads it as 0 otherwise, a zero to its learned side when its missing type is Zero, and goes left when
/// value ≤ threshold; a categorical split goes right for NaN or a negative value and otherwise left when the value's
/// integer part is in the split's bitset. The leaf values are summed in tree order (LightGBM's raw score).
/// </summary>
internal sealed partial class FlatTreeEnsemble
{
    /// <summary>LightGBM's kZeroThreshold (1e-35f as a double).</summary>
    internal const double ZeroThreshold = 1e-35f;

    private const byte Categorical = LightGbmTreeText.CategoricalMask;
    private const byte DefaultLeft = LightGbmTreeText.DefaultLeftMask;
    private const byte MissingZero = 1 << 2;
    private const byte MissingNaN = 2 << 2;

    /// <summary>
    /// One split, kept together so a visit touches one cache line. Children ≥ 0 are splits (flat indexes), &lt; 0 the
    /// leaf ~child (a flat leaf index). A categorical split's Threshold is its flat category-set index.
    /// </summary>
    private struct Node
    {
        public double Threshold;
        public int Feature;
        public int Left;
        public int Right;
        public byte Decision;
    }

    private readonly Node[] _nodes;
    private readonly int[] _rootOfTree;        // a flat split index, or ~leaf for a one-leaf tree
    private readonly double[] _leafValues;
    private readonly double[] _leafCounts;
    private readonly double[] _nodeCounts;
    private readonly double[] _splitGains;
    private readonly int[] _catStart;          // per flat category set: its first word in _catWords, then its end
    private readonly uint[] _catWords;
    private readonly double[] _expectedOfTree;
    private readonly int[] _depthOfTree;

    public int FeatureCount { get; }
    public int TreeCount => _rootOfTree.Length;
    public IReadOnlyList<string> FeatureNames { get; }
    public string? Objective { get; }

    /// <summary>The deepest leaf's depth over the trees (0 for an ensemble of one-leaf trees).</summary>
    public int MaxDepth { get; }

    /// <summary>
    /// The cover-weighted mean output (per tree Σ leaf value · leaf count / root count, summed in tree order): the
    /// TreeSHAP bias term, what LightGBM puts in the last slot of its contributions.
    /// </summary>
    public double ExpectedValue { get; }

    private FlatTreeEnsemble(LightGbmModelText model)
    {
        FeatureCount = model.MaxFeatureIndex + 1;
        FeatureNames = model.FeatureNames;
        Objective = model.Objective;
        var trees = model.Trees;
        var splitTotal = trees.Sum(t => t.NumLeaves - 1);
        var leafTotal = trees.Sum(t => t.NumLeaves);
        var catSetTotal = trees.Sum(t => Math.Max(t.CatBoundaries.Length - 1, 0));
        _nodes = new Node[splitTotal];
        _nodeCounts = new double[splitTotal];
        _splitGains = new double[splitTotal];
        _rootOfTree = new int[trees.Count];
        _leafValues = new double[leafTotal];
        _leafCounts = new double[leafTotal];
        _catStart = new int[catSetTotal + 1];
        _catWords = new uint[trees.Sum(t => t.CatThreshold.Length)];
        _expectedOfTree = new double[trees.Count];
        _depthOfTree = new int[trees.Count];
        int nodeBase = 0, leafBase = 0, catSetBase = 0, wordBase = 0;
        var expected = 0.0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            for (var leaf = 0; leaf < tree.NumLeaves; leaf++)
            {
                _leafValues[leafBase + leaf] = tree.LeafValue[leaf];
                _leafCounts[leafBase + leaf] = tree.LeafCount[leaf];
            }
            for (var c = 0; c + 1 < tree.CatBoundaries.Length; c++) _catStart[catSetBase + c] = wordBase + tree.CatBoundaries[c];
            tree.CatThreshold.CopyTo(_catWords, wordBase);
            for (var s = 0; s < tree.NumLeaves - 1; s++)
            {
                var categorical = (tree.DecisionType[s] & Categorical) != 0;
                _nodes[nodeBase + s] = new Node
                {
                    Feature = tree.SplitFeature[s],
                    Threshold = categorical ? catSetBase + (int)tree.Threshold[s] : tree.Threshold[s],
                    Left = Child(tree.LeftChild[s], nodeBase, leafBase),
                    Right = Child(tree.RightChild[s], nodeBase, leafBase),
                    Decision = tree.DecisionType[s],
                };
                _nodeCounts[nodeBase + s] = tree.InternalCount[s];
                _splitGains[nodeBase + s] = tree.SplitGain[s];
            }
            _rootOfTree[t] = tree.NumLeaves == 1 ? ~leafBase : nodeBase;
            _expectedOfTree[t] = TreeExpectedValue(tree);
            _depthOfTree[t] = tree.NumLeaves == 1 ? 0 : Depth(tree, 0);
            expected += _expectedOfTree[t];
            nodeBase += tree.NumLeaves - 1;
            leafBase += tree.NumLeaves;
            catSetBase += Math.Max(tree.CatBoundaries.Length - 1, 0);
            wordBase += tree.CatThreshold.Length;
        }
        _catStart[catSetBase] = wordBase;
        ExpectedValue = expected;
        MaxDepth = _depthOfTree.Length == 0 ? 0 : _depthOfTree.Max();
    }

    /// <summary>Reads LightGBM's model text; a <see cref="UserFacingException"/> says what is wrong with malformed text.</summary>
    public static FlatTreeEnsemble FromModelText(string text) => new(LightGbmModelText.Parse(text));

    private static int Child(int child, int nodeBase, int leafBase) => child >= 0 ? child + nodeBase : ~(~child + leafBase);

    /// <summary>LightGBM's Tree::ExpectedValue, in its order of operations.</summary>
    private static double TreeExpectedValue(LightGbmTreeText tree)
    {
        if (tree.NumLeaves == 1) return tree.LeafValue[0];
        double total = tree.InternalCount[0], value = 0.0;
        for (var leaf = 0; leaf < tree.NumLeaves; leaf++) value += tree.LeafCount[leaf] / total * tree.LeafValue[leaf];
        return value;
    }

    private static int Depth(LightGbmTreeText tree, int node)
    {
        int Of(int child) => child < 0 ? 0 : Depth(tree, child);
        return 1 + Math.Max(Of(tree.LeftChild[node]), Of(tree.RightChild[node]));
    }

    /// <summary>The ensemble's raw score (the sum of the trees' leaf values) for one dense row of FeatureCount values.</summary>
    public double Output(ReadOnlySpan<float> features)
    {
        if (features.Length < FeatureCount) throw new ArgumentException($"The row has {features.Length} values; the model reads {FeatureCount}.", nameof(features));
        // The model text was checked when read: children and features are in range, so no bounds checks here.
        ref var nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaves = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        var sum = 0.0;
        foreach (var root in _rootOfTree)
        {
            var node = root;
            while (node >= 0) node = Next(in Unsafe.Add(ref nodes, node), features);
            sum += Unsafe.Add(ref leaves, ~node);
        }
        return sum;
    }

    /// <summary>The child a row takes at a split: LightGBM's NumericalDecision and CategoricalDecision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Next(in Node split, ReadOnlySpan<float> features)
    {
        double value = Unsafe.Add(ref MemoryMarshal.GetReference(features), split.Feature);
        if ((split.Decision & Categorical) != 0) return CategoricalNext(in split, value);
        if (double.IsNaN(value))
        {
            if ((split.Decision & MissingNaN) != 0) return (split.Decision & DefaultLeft) != 0 ? split.Left : split.Right;
            value = 0.0;
        }
        if (Math.Abs(value) <= ZeroThreshold)
        {
            if ((split.Decision & MissingZero) != 0) return (split.Decision & DefaultLeft) != 0 ? split.Left : split.Right;
            value = 0.0;
        }
        return value <= split.Threshold ? split.Left : split.Right;
    }

    private int CategoricalNext(in Node split, double value)
    {
        if (double.IsNaN(value)) return split.Right;
        // C++'s static_cast<int> truncates toward zero; values beyond int's range go right either way.
        if (value >= int.MaxValue || value <= -1.0) return split.Right;
        var level = (int)value;
        var set = (int)split.Threshold;
        var word = _catStart[set] + (level >> 5);
        if (word >= _catStart[set + 1]) return split.Right;
        return ((_catWords[word] >> (level & 31)) & 1) != 0 ? split.Left : split.Right;
    }

    /// <summary>
    /// The split gain summed per feature index (LightGBM's gain importance), FeatureCount long. The model text writes
    /// split_gain with about 6 significant digits, so this agrees with the Booster's own importance to about 1e−5.
    /// </summary>
    public double[] GainPerFeature()
    {
        var gain = new double[FeatureCount];
        // As LightGBM's FeatureImportance: only splits with a positive gain count.
        for (var node = 0; node < _nodes.Length; node++)
            if (_splitGains[node] > 0) gain[_nodes[node].Feature] += _splitGains[node];
        return gain;
    }
}
