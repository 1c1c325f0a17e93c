using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>LightGBM's model text read into flat trees, scored by hand-computed rows through every kind of split.</summary>
[TestClass]
public sealed class LightGbmModelTextTests
{
    /// <summary>
    /// Tree 0: split 0 on f0 ≤ 1.5, missing type NaN, default left (decision 2 | 2&lt;&lt;2 = 10); split 1 on f1 ≤ −0.5,
    /// missing type None (NaN reads as 0); split 2 categorical on f2 (decision 1 | 2&lt;&lt;2 = 9) with levels {1, 3, 40}:
    /// two bitset words, 2¹ + 2³ = 10 and 2⁽⁴⁰⁻³²⁾ = 256.
    /// Tree 1: split 0 on f3 ≤ 2, missing type Zero, default right (4); split 1 on f0 ≤ −1, missing type Zero,
    /// default left (6). Tree 2: one leaf, 0.01.
    /// </summary>
    internal const string Model = """
        tree
        version=v4
        num_class=1
        num_tree_per_iteration=1
        label_index=0
        max_feature_idx=4
        objective=binary sigmoid:1
        feature_names=f0 f1 f2 f3 f4
        feature_infos=[-3:3] [-1:1] 0:1:3:40:41 [-3:5] none
        tree_sizes=420 380 200

        Tree=0
        num_leaves=4
        num_cat=1
        split_feature=0 1 2
        split_gain=10 5 3
        threshold=1.5 -0.5 0
        decision_type=10 0 9
        left_child=1 -1 -3
        right_child=2 -2 -4
        leaf_value=0.10000000000000001 -0.20000000000000001 0.29999999999999999 -0.40000000000000002
        leaf_weight=30 20 15 35
        leaf_count=30 20 15 35
        internal_value=0 0 0
        internal_weight=100 50 50
        internal_count=100 50 50
        cat_boundaries=0 2
        cat_threshold=10 256
        is_linear=0
        shrinkage=1


        Tree=1
        num_leaves=3
        num_cat=0
        split_feature=3 0
        split_gain=7 4
        threshold=2 -1
        decision_type=4 6
        left_child=1 -2
        right_child=-1 -3
        leaf_value=0.050000000000000003 -0.14999999999999999 0.25
        leaf_weight=40 25 35
        leaf_count=40 25 35
        internal_value=0 0
        internal_weight=100 60
        internal_count=100 60
        is_linear=0
        shrinkage=0.1


        Tree=2
        num_leaves=1
        num_cat=0
        split_feature=
        split_gain=
        threshold=
        decision_type=
        left_child=
        right_child=
        leaf_value=0.01
        leaf_weight=
        leaf_count=100
        internal_value=
        internal_weight=
        internal_count=
        is_linear=0
        shrinkage=1


        end of trees

        feature_importances:
        f0=2
        f1=1
        f2=1
        f3=1

        parameters:
        [boosting: gbdt]
        end of parameters

        pandas_categorical:null
        """;

    private const float NaN = float.NaN;

    public static IEnumerable<object[]> Rows =>
    [
        // f0 ≤ 1.5 left; f1 0.2 > −0.5 right (−0.2) · f3 5 > 2 right (0.05) · 0.01
        [new[] { 1f, 0.2f, 3f, 5f, 0f }, -0.2 + 0.05 + 0.01],
        // f0 NaN, missing NaN, default left; f1 −1 left (0.1) · f3 0 is zero, default right (0.05)
        [new[] { NaN, -1f, 40f, 0f, 0f }, 0.1 + 0.05 + 0.01],
        // f0 2 right; level 40 is in the second word (0.3) · f3 1 left; f0 2 > −1 right (0.25)
        [new[] { 2f, 0f, 40f, 1f, 0f }, 0.3 + 0.25 + 0.01],
        // f1 NaN under missing type None reads as 0 > −0.5, right (−0.2) · f0 NaN reads as 0, zero: default left (−0.15)
        [new[] { NaN, NaN, 41f, 1f, 0f }, -0.2 - 0.15 + 0.01],
        // categorical NaN goes right (−0.4) · f3 NaN reads as 0, zero: default right (0.05)
        [new[] { 3f, 0f, NaN, NaN, 0f }, -0.4 + 0.05 + 0.01],
        // 3.7 truncates to level 3, in the set (0.3) · f3 2 ≤ 2 left; f0 3 right (0.25)
        [new[] { 3f, 0f, 3.7f, 2f, 0f }, 0.3 + 0.25 + 0.01],
        // −0.5 truncates to level 0, not in the set (−0.4) · f3 −3 left; f0 right (0.25)
        [new[] { 3f, 0f, -0.5f, -3f, 0f }, -0.4 + 0.25 + 0.01],
        // −1 is negative: right (−0.4); level 64 would be past the bitset: also right, checked below
        [new[] { 3f, 0f, -1f, 0f, 0f }, -0.4 + 0.05 + 0.01],
        [new[] { 3f, 0f, 64f, 0f, 0f }, -0.4 + 0.05 + 0.01],
        // level 32 is bit 0 of word 1, not set (−0.4)
        [new[] { 3f, 0f, 32f, 0f, 0f }, -0.4 + 0.05 + 0.01],
        // f0 −2 left; f1 0 right (−0.2) · f3 0.5 left; f0 −2 ≤ −1 left (−0.15)
        [new[] { -2f, 0f, 1f, 0.5f, 0f }, -0.2 - 0.15 + 0.01],
        // equal to the thresholds goes left: 0.1 · f3 1e−36 is zero under ±1e−35, default right (0.05)
        [new[] { 1.5f, -0.5f, 0f, 1e-36f, 0f }, 0.1 + 0.05 + 0.01],
        // −1e−35f reads as 0 (LightGBM's C API drops values within ±1e−35): f0 left, f1 right (−0.2) · f3 −1 left; f0 zero: default left (−0.15)
        [new[] { -1e-35f, 0f, 0f, -1f, 0f }, -0.2 - 0.15 + 0.01],
    ];

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public void OutputIsTheSumOfTheLeavesEachRowReaches(float[] row, double expected)
    {
        var ensemble = FlatTreeEnsemble.FromModelText(Model);
        Assert.AreEqual(expected, ensemble.Output(row), 1e-15);
    }

    [TestMethod]
    public void HeaderAndTreesAreRead()
    {
        var text = LightGbmModelText.Parse(Model);
        Assert.AreEqual(4, text.MaxFeatureIndex);
        CollectionAssert.AreEqual(new[] { "f0", "f1", "f2", "f3", "f4" }, text.FeatureNames.ToArray());
        Assert.AreEqual("binary sigmoid:1", text.Objective);
        Assert.HasCount(3, text.Trees);
        CollectionAssert.AreEqual(new uint[] { 10, 256 }, text.Trees[0].CatThreshold);
        Assert.AreEqual(0.1, text.Trees[1].Shrinkage);
        Assert.AreEqual(1, text.Trees[2].NumLeaves);

        var ensemble = FlatTreeEnsemble.FromModelText(Model);
        Assert.AreEqual(5, ensemble.FeatureCount);
        Assert.AreEqual(3, ensemble.TreeCount);
        Assert.AreEqual(2, ensemble.MaxDepth);
        CollectionAssert.AreEqual(new[] { "f0", "f1", "f2", "f3", "f4" }, ensemble.FeatureNames.ToArray());
    }

    [TestMethod]
    public void GainIsSummedPerFeature() =>
        CollectionAssert.AreEqual(new[] { 14.0, 5.0, 3.0, 7.0, 0.0 }, FlatTreeEnsemble.FromModelText(Model).GainPerFeature());

    [TestMethod]
    public void ExpectedValueIsTheCoverWeightedMeanOutput()
    {
        // Tree 0: .3·.1 − .2·.2 + .15·.3 − .35·.4; tree 1: .4·.05 − .25·.15 + .35·.25; tree 2: its leaf.
        var expected = (0.03 - 0.04 + 0.045 - 0.14) + (0.02 - 0.0375 + 0.0875) + 0.01;
        Assert.AreEqual(expected, FlatTreeEnsemble.FromModelText(Model).ExpectedValue, 1e-15);
    }

    [TestMethod]
    public void AFloatIsComparedAsItsDoubleAgainstTheDoubleThreshold()
    {
        // 0.1f widens to 0.100000001490116…, above the threshold 0.1; LightGBM sends it right.
        var model = Model.Replace("threshold=1.5 -0.5 0", "threshold=0.10000000000000001 -0.5 0");
        var ensemble = FlatTreeEnsemble.FromModelText(model);
        Assert.AreEqual(-0.4 + 0.05 + 0.01, ensemble.Output([0.1f, 0f, 0f, 5f, 0f]), 1e-15);
        Assert.AreEqual(0.1 + 0.05 + 0.01, ensemble.Output([0.099999994f, -1f, 0f, 5f, 0f]), 1e-15);
    }

    [TestMethod]
    public void ValuesWithinTheZeroThresholdReadAsZeroAsLightGbmsCApiReadsThem()
    {
        // At a threshold of −1e−35 (LightGBM's bin bound below zero), −1e−35f itself would go left; read as 0 it goes right.
        var model = Model.Replace("threshold=1.5 -0.5 0", "threshold=-1.0000000180025095e-35 -0.5 0");
        var ensemble = FlatTreeEnsemble.FromModelText(model);
        Assert.AreEqual(-0.4 + 0.05 + 0.01, ensemble.Output([-1e-35f, -1f, 0f, 5f, 0f]), 1e-15);
        Assert.AreEqual(0.1 + 0.05 + 0.01, ensemble.Output([-2e-35f, -1f, 0f, 5f, 0f]), 1e-15);
    }

    [TestMethod]
    public void WindowsLineEndingsAreRead() =>
        Assert.AreEqual(0.56, FlatTreeEnsemble.FromModelText(Model.ReplaceLineEndings("\r\n")).Output([2f, 0f, 40f, 1f, 0f]), 1e-15);

    private static string Fails(string text) => Assert.ThrowsExactly<UserFacingException>(() => FlatTreeEnsemble.FromModelText(text)).Message;

    [TestMethod]
    public void MalformedTextNamesTheTreeAndTheLine()
    {
        var missing = Fails(Model.Replace("leaf_value=0.050000000000000003 -0.14999999999999999 0.25\n", ""));
        StringAssert.Contains(missing, "tree 1");
        StringAssert.Contains(missing, "leaf_value");

        var count = Fails(Model.Replace("left_child=1 -2", "left_child=1"));
        StringAssert.Contains(count, "left_child in tree 1, line 40");
        StringAssert.Contains(count, "1 values where 2 were expected");

        var number = Fails(Model.Replace("threshold=2 -1", "threshold=2 abc"));
        StringAssert.Contains(number, "tree 1, line 38");
        StringAssert.Contains(number, "'abc'");

        var cycle = Fails(Model.Replace("left_child=1 -2", "left_child=1 1"));
        StringAssert.Contains(cycle, "tree 1");
        StringAssert.Contains(cycle, "not a tree");

        var feature = Fails(Model.Replace("split_feature=3 0", "split_feature=5 0"));
        StringAssert.Contains(feature, "feature 5");

        var category = Fails(Model.Replace("threshold=1.5 -0.5 0", "threshold=1.5 -0.5 1"));
        StringAssert.Contains(category, "categorical split 2");

        var bitset = Fails(Model.Replace("cat_threshold=10 256", "cat_threshold=10"));
        StringAssert.Contains(bitset, "cat_threshold in tree 0");

        StringAssert.Contains(Fails(Model[..Model.IndexOf("end of trees", StringComparison.Ordinal)]), "end of trees");
        StringAssert.Contains(Fails("not a model"), "max_feature_idx");
        StringAssert.Contains(Fails(Model.Replace("is_linear=0\nshrinkage=0.1", "is_linear=1\nshrinkage=0.1")), "linear");
        StringAssert.Contains(Fails(Model.Replace("num_tree_per_iteration=1", "num_tree_per_iteration=3")), "3 trees per iteration");
    }
}
