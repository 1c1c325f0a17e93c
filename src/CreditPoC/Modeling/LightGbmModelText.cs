using System.Globalization;

namespace CreditPoC.Modeling;

/// <summary>One tree of a LightGBM model text, its arrays as LightGBM writes them (children: ≥ 0 a split, &lt; 0 the leaf ~child).</summary>
internal sealed record LightGbmTreeText(
    int Index,
    int NumLeaves,
    int[] SplitFeature,
    double[] SplitGain,
    double[] Threshold,
    byte[] DecisionType,
    int[] LeftChild,
    int[] RightChild,
    double[] LeafValue,
    int[] LeafCount,
    int[] InternalCount,
    int[] CatBoundaries,
    uint[] CatThreshold,
    double Shrinkage)
{
    /// <summary>The decision_type bit of a categorical split.</summary>
    public const byte CategoricalMask = 1;

    /// <summary>The decision_type bit sending the missing value left.</summary>
    public const byte DefaultLeftMask = 2;

    /// <summary>The missing type in decision_type bits 2–3: 0 none (NaN is read as 0), 1 zero, 2 NaN.</summary>
    public static int MissingType(byte decisionType) => (decisionType >> 2) & 3;
}

/// <summary>
/// LightGBM's model text (what <c>LGBM_BoosterSaveModelToString</c> writes) read into its header and trees: the
/// header's <c>max_feature_idx</c>, <c>feature_names</c> and <c>objective</c>, then each <c>Tree=</c> block up to
/// <c>end of trees</c>. Malformed text fails with a <see cref="UserFacingException"/> naming the tree and the line.
/// </summary>
internal sealed class LightGbmModelText
{
    public required int MaxFeatureIndex { get; init; }
    public required IReadOnlyList<string> FeatureNames { get; init; }
    public required string? Objective { get; init; }
    public required IReadOnlyList<LightGbmTreeText> Trees { get; init; }

    public static LightGbmModelText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var at = 0;
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        // The header runs up to the first tree (or, for a model without trees, to its end marker).
        for (; at < lines.Length; at++)
        {
            var line = lines[at].TrimEnd('\r');
            if (line.StartsWith("Tree=", StringComparison.Ordinal) || line == "end of trees") break;
            var eq = line.IndexOf('=');
            if (eq > 0) header.TryAdd(line[..eq], (line[(eq + 1)..], at + 1));
        }
        if (!header.TryGetValue("max_feature_idx", out var maxFeature))
            throw new UserFacingException("The LightGBM model text has no max_feature_idx line in its header; is it a LightGBM model?");
        var maxFeatureIndex = ParseInt(maxFeature.Value, "max_feature_idx", maxFeature.Line, null);
        if (maxFeatureIndex < 0)
            throw new UserFacingException($"The LightGBM model text's max_feature_idx (line {maxFeature.Line}) is negative.");
        if (header.TryGetValue("num_tree_per_iteration", out var perIteration) && perIteration.Value.Trim() != "1")
            throw new UserFacingException(
                $"The LightGBM model has {perIteration.Value.Trim()} trees per iteration (line {perIteration.Line}); only single-output (binary or regression) models are read.");
        string[] names;
        if (header.TryGetValue("feature_names", out var nameLine))
        {
            names = nameLine.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (names.Length != maxFeatureIndex + 1)
                throw new UserFacingException(
                    $"The LightGBM model text names {names.Length} features (line {nameLine.Line}) but max_feature_idx says {maxFeatureIndex + 1}.");
        }
        else names = Enumerable.Range(0, maxFeatureIndex + 1).Select(i => $"Column_{i}").ToArray();
        var objective = header.TryGetValue("objective", out var objectiveLine) ? objectiveLine.Value.Trim() : null;

        var trees = new List<LightGbmTreeText>();
        var ended = false;
        while (at < lines.Length)
        {
            var line = lines[at].TrimEnd('\r');
            if (line == "end of trees") { ended = true; break; }
            if (line.Length == 0) { at++; continue; }
            if (!line.StartsWith("Tree=", StringComparison.Ordinal))
                throw new UserFacingException($"Line {at + 1} of the LightGBM model text should start a tree (Tree=…) but reads '{Clip(line)}'.");
            var start = at + 1;
            var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
            for (at++; at < lines.Length; at++)
            {
                var field = lines[at].TrimEnd('\r');
                if (field.Length == 0 || field.StartsWith("Tree=", StringComparison.Ordinal) || field == "end of trees") break;
                var eq = field.IndexOf('=');
                if (eq <= 0)
                    throw new UserFacingException($"Line {at + 1} of the LightGBM model text (tree {trees.Count}) is not key=value: '{Clip(field)}'.");
                fields[field[..eq]] = (field[(eq + 1)..], at + 1);
            }
            trees.Add(ReadTree(trees.Count, start, fields, maxFeatureIndex));
        }
        if (!ended)
            throw new UserFacingException($"The LightGBM model text ends after {trees.Count} trees without its 'end of trees' line; is it cut short?");
        return new LightGbmModelText { MaxFeatureIndex = maxFeatureIndex, FeatureNames = names, Objective = objective, Trees = trees };
    }

    private static LightGbmTreeText ReadTree(int index, int line, Dictionary<string, (string Value, int Line)> fields, int maxFeatureIndex)
    {
        string Where(string key) => fields.TryGetValue(key, out var f) ? $"tree {index}, line {f.Line}" : $"tree {index} (from line {line})";
        UserFacingException Bad(string key, string what) => new($"The LightGBM model text's {key} in {Where(key)} {what}.");
        (string Value, int Line) Required(string key) =>
            fields.TryGetValue(key, out var f) ? f : throw new UserFacingException($"The LightGBM model text's tree {index} (from line {line}) has no {key} line.");

        var numLeavesField = Required("num_leaves");
        var numLeaves = ParseInt(numLeavesField.Value, "num_leaves", numLeavesField.Line, index);
        if (numLeaves < 1) throw Bad("num_leaves", $"is {numLeaves}; a tree has at least one leaf");
        var numCatField = Required("num_cat");
        var numCat = ParseInt(numCatField.Value, "num_cat", numCatField.Line, index);
        if (numCat < 0) throw Bad("num_cat", "is negative");
        if (fields.TryGetValue("is_linear", out var linear) && linear.Value.Trim() is not ("0" or ""))
            throw new UserFacingException($"The LightGBM model's tree {index} is a linear tree (line {linear.Line}); linear trees are not supported.");

        var leafValue = Doubles("leaf_value", numLeaves, required: true)!;
        var leafCount = Ints("leaf_count", numLeaves, required: false) ?? new int[numLeaves];
        var shrinkage = fields.TryGetValue("shrinkage", out var s) ? ParseDouble(s.Value.Trim(), "shrinkage", s.Line, index) : 1.0;
        var internalCount = numLeaves - 1;
        if (numLeaves == 1)
            return new LightGbmTreeText(index, 1, [], [], [], [], [], [], leafValue, leafCount, [], [], [], shrinkage);

        var splitFeature = Ints("split_feature", internalCount, required: true)!;
        var threshold = Doubles("threshold", internalCount, required: true)!;
        var left = Ints("left_child", internalCount, required: true)!;
        var right = Ints("right_child", internalCount, required: true)!;
        var splitGain = Doubles("split_gain", internalCount, required: false) ?? new double[internalCount];
        var internalCounts = Ints("internal_count", internalCount, required: false) ?? new int[internalCount];
        var decisionInts = Ints("decision_type", internalCount, required: false) ?? new int[internalCount];
        var decision = new byte[internalCount];
        for (var i = 0; i < internalCount; i++)
        {
            if (decisionInts[i] is < 0 or > 15) throw Bad("decision_type", $"has {decisionInts[i]} at split {i}, not a decision type (0–15)");
            decision[i] = (byte)decisionInts[i];
            if (LightGbmTreeText.MissingType(decision[i]) == 3) throw Bad("decision_type", $"has an unknown missing type at split {i}");
        }
        var catBoundaries = numCat > 0 ? Ints("cat_boundaries", numCat + 1, required: true)! : [];
        uint[] catThreshold = [];
        if (numCat > 0)
        {
            if (catBoundaries[0] != 0) throw Bad("cat_boundaries", "does not start at 0");
            for (var c = 0; c < numCat; c++)
                if (catBoundaries[c + 1] < catBoundaries[c]) throw Bad("cat_boundaries", $"decreases at {c + 1}");
            catThreshold = UInts("cat_threshold", catBoundaries[numCat]);
        }

        for (var i = 0; i < internalCount; i++)
        {
            if (splitFeature[i] < 0 || splitFeature[i] > maxFeatureIndex)
                throw Bad("split_feature", $"has feature {splitFeature[i]} at split {i}, outside 0…{maxFeatureIndex}");
            if ((decision[i] & LightGbmTreeText.CategoricalMask) != 0)
            {
                var cat = threshold[i];
                if (!(cat >= 0 && cat < numCat) || cat != Math.Floor(cat))
                    throw Bad("threshold", $"has {cat} at categorical split {i}, not one of the tree's {numCat} category sets");
            }
            else if (double.IsNaN(threshold[i])) throw Bad("threshold", $"is NaN at split {i}");
        }
        CheckShape(index, line, left, right, numLeaves);
        return new LightGbmTreeText(index, numLeaves, splitFeature, splitGain, threshold, decision, left, right, leafValue, leafCount,
            internalCounts, catBoundaries, catThreshold, shrinkage);

        string[]? Tokens(string key, int count, bool required)
        {
            if (!fields.TryGetValue(key, out var f))
                return required ? throw new UserFacingException($"The LightGBM model text's tree {index} (from line {line}) has no {key} line.") : null;
            var tokens = f.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length != count) throw Bad(key, $"has {tokens.Length} values where {count} were expected");
            return tokens;
        }
        int[]? Ints(string key, int count, bool required) =>
            Tokens(key, count, required)?.Select(t => ParseInt(t, key, fields[key].Line, index)).ToArray();
        double[]? Doubles(string key, int count, bool required) =>
            Tokens(key, count, required)?.Select(t => ParseDouble(t, key, fields[key].Line, index)).ToArray();
        uint[] UInts(string key, int count) =>
            Tokens(key, count, required: true)!.Select(t => uint.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
                ? u : throw Bad(key, $"has '{Clip(t)}', not an unsigned 32-bit bitset word")).ToArray();
    }

    /// <summary>Every split and leaf is reached exactly once from the root (so a walk ends and every leaf is used).</summary>
    private static void CheckShape(int index, int line, int[] left, int[] right, int numLeaves)
    {
        var seenSplit = new bool[left.Length];
        var seenLeaf = new bool[numLeaves];
        var stack = new Stack<int>();
        stack.Push(0);
        seenSplit[0] = true;
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var child in (ReadOnlySpan<int>)[left[node], right[node]])
            {
                if (child >= 0)
                {
                    if (child >= left.Length || seenSplit[child]) throw Broken($"split {node} points to split {child}, which is out of range or already used");
                    seenSplit[child] = true;
                    stack.Push(child);
                }
                else
                {
                    if (~child >= numLeaves || seenLeaf[~child]) throw Broken($"split {node} points to leaf {~child}, which is out of range or already used");
                    seenLeaf[~child] = true;
                }
            }
        }
        if (Array.IndexOf(seenSplit, false) is var split and >= 0) throw Broken($"split {split} cannot be reached from the root");
        if (Array.IndexOf(seenLeaf, false) is var leaf and >= 0) throw Broken($"leaf {leaf} cannot be reached from the root");

        UserFacingException Broken(string what) =>
            new($"The LightGBM model text's tree {index} (from line {line}) is not a tree: {what} (left_child/right_child).");
    }

    private static int ParseInt(string token, string key, int line, int? tree) =>
        int.TryParse(token.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UserFacingException($"The LightGBM model text's {key} ({Place(line, tree)}) has '{Clip(token)}', not an integer.");

    private static double ParseDouble(string token, string key, int line, int? tree)
    {
        switch (token)
        {
            case "inf" or "+inf" or "Infinity": return double.PositiveInfinity;
            case "-inf" or "-Infinity": return double.NegativeInfinity;
            case "nan" or "-nan" or "NaN": return double.NaN;
        }
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UserFacingException($"The LightGBM model text's {key} ({Place(line, tree)}) has '{Clip(token)}', not a number.");
    }

    private static string Place(int line, int? tree) => tree is { } t ? $"tree {t}, line {line}" : $"line {line}";

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
