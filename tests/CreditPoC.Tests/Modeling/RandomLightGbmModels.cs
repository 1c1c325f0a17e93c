using System.Globalization;
using System.Text;
using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>
/// Random LightGBM model texts grown leaf-wise as LightGBM grows them (a split turns leaf l into split s with leaves l
/// and the next leaf), with numeric splits of every missing type, categorical splits over one to three bitset words,
/// one-leaf trees and consistent covers; and a reference evaluation written straight from LightGBM's C++ decisions.
/// </summary>
internal static class RandomLightGbmModels
{
    /// <summary>Values the random thresholds and rows are drawn from: around zero, LightGBM's zero bounds and a few steps.</summary>
    internal static readonly double[] Grid = [-2, -1, -0.5, -1.0000000180025095e-35, 0, 1.0000000180025095e-35, 0.25, 0.5, 1, 2.5];

    public static string Text(Random random, int features, int trees, int maxLeaves, double categoricalShare = 0.3, int minLeaves = 1)
    {
        var text = new StringBuilder();
        text.Append("tree\nversion=v4\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\n");
        text.Append(CultureInfo.InvariantCulture, $"max_feature_idx={features - 1}\nobjective=binary sigmoid:1\n");
        text.Append("feature_names=").AppendJoin(' ', Enumerable.Range(0, features).Select(f => $"x{f}")).Append('\n');
        text.Append("feature_infos=").AppendJoin(' ', Enumerable.Repeat("none", features)).Append("\ntree_sizes=0\n\n");
        for (var t = 0; t < trees; t++)
            AppendTree(text, random, t, features, random.Next(minLeaves, maxLeaves + 1), categoricalShare);
        text.Append("end of trees\n\nfeature_importances:\n\nparameters:\nend of parameters\n\npandas_categorical:null\n");
        return text.ToString();
    }

    private static void AppendTree(StringBuilder text, Random random, int index, int features, int leaves, double categoricalShare)
    {
        var splits = leaves - 1;
        var feature = new int[splits];
        var threshold = new double[splits];
        var decision = new int[splits];
        var left = new int[splits];
        var right = new int[splits];
        var leafParent = new int[leaves];
        var boundaries = new List<int> { 0 };
        var words = new List<uint>();
        leafParent[0] = -1;
        for (var s = 0; s < splits; s++)
        {
            var leaf = random.Next(s + 1);
            var parent = leafParent[leaf];
            if (parent >= 0)
            {
                if (left[parent] == ~leaf) left[parent] = s;
                else right[parent] = s;
            }
            left[s] = ~leaf;
            right[s] = ~(s + 1);
            leafParent[leaf] = s;
            leafParent[s + 1] = s;
            feature[s] = random.Next(features);
            if (random.NextDouble() < categoricalShare)
            {
                decision[s] = 1 | (random.Next(2) == 0 ? 0 : 2 << 2);
                threshold[s] = boundaries.Count - 1;
                var count = random.Next(1, 4);
                for (var w = 0; w < count; w++) words.Add((uint)random.NextInt64(0, 1L << 32) & (uint)random.NextInt64(0, 1L << 32));
                boundaries.Add(words.Count);
            }
            else
            {
                decision[s] = (random.Next(3) << 2) | (random.Next(2) == 0 ? 0 : 2);
                threshold[s] = Grid[random.Next(Grid.Length)];
            }
        }
        var leafCount = Enumerable.Range(0, leaves).Select(_ => random.Next(1, 60)).ToArray();
        var internalCount = new int[splits];
        int Count(int node) => node < 0 ? leafCount[~node] : internalCount[node] = Count(left[node]) + Count(right[node]);
        if (splits > 0) Count(0);
        var leafValue = Enumerable.Range(0, leaves).Select(_ => Math.Round(random.NextDouble() * 2 - 1, 6)).ToArray();

        string Join<T>(IEnumerable<T> values) => string.Join(' ', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        string Doubles(IEnumerable<double> values) => string.Join(' ', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        var categorical = boundaries.Count - 1;
        text.Append(CultureInfo.InvariantCulture, $"Tree={index}\nnum_leaves={leaves}\nnum_cat={categorical}\n");
        text.Append($"split_feature={Join(feature)}\nsplit_gain={Join(feature.Select((_, i) => i + 1))}\n");
        text.Append($"threshold={Doubles(threshold)}\ndecision_type={Join(decision)}\n");
        text.Append($"left_child={Join(left)}\nright_child={Join(right)}\n");
        text.Append($"leaf_value={Doubles(leafValue)}\nleaf_weight={Join(leafCount)}\nleaf_count={Join(leafCount)}\n");
        text.Append($"internal_value={Join(new int[splits])}\ninternal_weight={Join(internalCount)}\ninternal_count={Join(internalCount)}\n");
        if (categorical > 0) text.Append($"cat_boundaries={Join(boundaries)}\ncat_threshold={Join(words)}\n");
        text.Append("is_linear=0\nshrinkage=0.1\n\n\n");
    }

    /// <summary>Random rows: NaN, the grid, values just beside it, and category levels up to 100.</summary>
    public static float[] Row(Random random, int features)
    {
        var row = new float[features];
        for (var f = 0; f < features; f++)
            row[f] = random.Next(6) switch
            {
                0 => float.NaN,
                1 => (float)Grid[random.Next(Grid.Length)],
                2 => (float)Grid[random.Next(Grid.Length)] + (random.Next(2) == 0 ? -1e-3f : 1e-3f),
                3 => random.Next(0, 100),
                4 => random.Next(-3, 40) + (float)random.NextDouble(),
                _ => (float)(random.NextDouble() * 6 - 3),
            };
        return row;
    }

    /// <summary>The child LightGBM takes (Tree::Decision on the row as its C API reads a dense float row).</summary>
    public static int Decide(LightGbmTreeText tree, int node, float[] row)
    {
        const double zero = 1e-35f;
        double value = row[tree.SplitFeature[node]];
        if (Math.Abs(value) <= zero) value = 0;
        var type = tree.DecisionType[node];
        int left = tree.LeftChild[node], right = tree.RightChild[node];
        if ((type & 1) != 0)
        {
            if (double.IsNaN(value)) return right;
            var level = (long)value;
            if (level < 0) return right;
            var set = (int)tree.Threshold[node];
            var words = tree.CatBoundaries[set + 1] - tree.CatBoundaries[set];
            if (level / 32 >= words) return right;
            return ((tree.CatThreshold[tree.CatBoundaries[set] + level / 32] >> (int)(level % 32)) & 1) != 0 ? left : right;
        }
        var missing = (type >> 2) & 3;
        if (double.IsNaN(value) && missing != 2) value = 0;
        if ((missing == 1 && value >= -zero && value <= zero) || (missing == 2 && double.IsNaN(value)))
            return (type & 2) != 0 ? left : right;
        return value <= tree.Threshold[node] ? left : right;
    }

    public static double Predict(LightGbmModelText model, float[] row)
    {
        var sum = 0.0;
        foreach (var tree in model.Trees)
        {
            var node = tree.NumLeaves == 1 ? -1 : 0;
            while (node >= 0) node = Decide(tree, node, row);
            sum += tree.LeafValue[~node];
        }
        return sum;
    }
}
