using System.IO.Compression;
using System.Text.RegularExpressions;
using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class TrainedModelTests
{
    private static DataFrame _data = null!;
    private static Experiment _experiment = null!;
    private static TrainedModel _lightGbm = null!;
    private static TrainedModel _logistic = null!;
    private string _dir = null!;

    [ClassInitialize]
    public static void Fit(TestContext _)
    {
        _data = SyntheticTables.Credit(2000, seed: 4);
        _experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 3, progress: _ => { });
        _lightGbm = _experiment.CreateModel("lightgbm");
        _logistic = _experiment.CreateModel("lr");
    }

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-model").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void SaveAndLoadGiveIdenticalScoresForEveryModelFamily()
    {
        var sample = _data.Head(200);
        foreach (var model in new[] { _lightGbm, _logistic, _experiment.CreateModel("svm"), _experiment.CreateModel("rf"), _experiment.CreateModel("dt") })
        {
            var path = Path.Combine(_dir, $"{model.Model}.zip");
            model.Save(path);
            Assert.HasCount(1, Directory.GetFiles(_dir, $"{model.Model}*"), "one file, no temporary left behind");
            var loaded = TrainedModel.Load(path);
            var before = model.Predict(sample);
            var after = loaded.Predict(sample);
            CollectionAssert.AreEqual(before, after, $"{model.Model} scores after load");
            Assert.IsTrue(before.All(p => p is >= 0 and <= 1), $"{model.Model} gives probabilities");
            Assert.AreEqual(model.Model, loaded.Model);
            CollectionAssert.AreEqual(model.InputColumns.ToArray(), loaded.InputColumns.ToArray());
            Assert.AreEqual(model.Explain(sample.Head(2))[1].ReasonText, loaded.Explain(sample.Head(2))[1].ReasonText);
        }
        using (var zip = ZipFile.OpenRead(Path.Combine(_dir, "lightgbm.zip")))
        {
            Assert.Contains(e => e.FullName == "CreditPoC/metadata.json", zip.Entries);
            Assert.DoesNotContain(e => e.FullName.StartsWith("TransformerChain/", StringComparison.Ordinal), zip.Entries, "no ML.NET chain for LightGBM");
            using var text = new StreamReader(zip.GetEntry("lightgbm/model.txt")!.Open());
            var modelText = text.ReadToEnd();
            StringAssert.StartsWith(modelText, "tree\nversion=v4", "LightGBM's own model text");
            StringAssert.Contains(modelText, "feature_names=" + string.Join(' ', _lightGbm.Native!.Features.Names));
            using var features = new StreamReader(zip.GetEntry("lightgbm/features.json")!.Open());
            StringAssert.Contains(features.ReadToEnd(), "\"levels\"");
        }
        using (var zip = ZipFile.OpenRead(Path.Combine(_dir, "lr.zip")))
            Assert.Contains(e => e.FullName.StartsWith("TransformerChain/", StringComparison.Ordinal), zip.Entries, "the other families stay ML.NET model zips");
    }

    [TestMethod]
    public void LoadedModelKeepsItsParametersAndRounds()
    {
        var path = Path.Combine(_dir, "m.zip");
        _lightGbm.Save(path);
        var loaded = TrainedModel.Load(path);
        Assert.AreEqual(_lightGbm.Parameters, loaded.Parameters);
        Assert.AreEqual(_lightGbm.Rounds, loaded.Rounds);
        Assert.IsNotNull(loaded.Rounds);
        Assert.IsLessThan(1000, loaded.Rounds!.Value, "early stopping ended before the round limit");

        var fresh = _experiment.Interpret(_lightGbm, maxRows: 300);
        var again = _experiment.Interpret(loaded, maxRows: 300);
        CollectionAssert.AreEqual(fresh.Gain.ToList(), again.Gain.ToList(), "gain importance travels in the metadata");
        CollectionAssert.AreEqual(fresh.Permutation.ToList(), again.Permutation.ToList(), "permutation importance works on a loaded model");
        Assert.AreEqual(_experiment.Evaluate(_lightGbm).TestAuc, _experiment.Evaluate(loaded).TestAuc);
    }

    [TestMethod]
    public void ScoringDataWithoutARequiredColumnIsAnErrorNamingIt()
    {
        var data = _data.Head(10);
        data.Columns.Remove("EXT_SOURCE_2");
        var error = Assert.ThrowsExactly<UserFacingException>(() => _lightGbm.Predict(data));
        StringAssert.Contains(error.Message, "'EXT_SOURCE_2'");

        var noAnnuity = _data.Head(10);
        noAnnuity.Columns.Remove("AMT_ANNUITY");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _logistic.Predict(noAnnuity)).Message, "'AMT_ANNUITY'");
    }

    [TestMethod]
    public void UnknownCategoriesMissingValuesAndExtraColumnsStillScore()
    {
        var data = _data.Head(20);
        var gender = (StringDataFrameColumn)data.Columns["CODE_GENDER"];
        var education = (StringDataFrameColumn)data.Columns["NAME_EDUCATION_TYPE"];
        var ext3 = (DoubleDataFrameColumn)data.Columns["EXT_SOURCE_3"];
        for (var i = 0; i < 20; i++)
        {
            gender[i] = i % 2 == 0 ? "XNA" : null;
            education[i] = "Never seen before";
            ext3[i] = null;
        }
        var annuity = (DoubleDataFrameColumn)data.Columns["AMT_ANNUITY"];
        annuity[0] = 0;
        annuity[1] = null;
        data.Columns.Add(new Int32DataFrameColumn("EXTRA", Enumerable.Range(0, 20)));
        foreach (var model in new[] { _lightGbm, _logistic })
        {
            var scores = model.Predict(data);
            Assert.HasCount(20, scores);
            Assert.IsTrue(scores.All(double.IsFinite), $"{model.Model} scores every row");
        }
        var reasons = _logistic.Explain(data, top: 50)[0].Reasons;
        Assert.AreEqual("Never seen before (not seen in training)", reasons.Single(r => r.Feature == "NAME_EDUCATION_TYPE").Description);
        Assert.AreEqual("missing", reasons.Single(r => r.Feature == "EXT_SOURCE_3").Description);
    }

    [TestMethod]
    public void ReasonsReadLikeACreditOfficerWouldSayThem()
    {
        var reason = new Reason("EXT_SOURCE_3", "low", "0.05", 0.1234);
        Assert.AreEqual("EXT_SOURCE_3 low: +0.12", reason.ToString());
        Assert.AreEqual("CODE_GENDER M: -0.05", new Reason("CODE_GENDER", "M", "M", -0.049).ToString());
        var points = new Reason("EXT_SOURCE_3", "[0.1, 0.3)", "0.21", 23.4, ReasonUnit.Points);
        Assert.AreEqual("EXT_SOURCE_3 [0.1, 0.3): -23 points", points.ToString());
        Assert.AreEqual(ReasonDirection.RaisesRisk, points.Direction);
        Assert.AreEqual("-0.42 log-odds", new Reason("AMT_CREDIT", "low", "1000", -0.42, ReasonUnit.LogOdds).ContributionText);
        Assert.AreEqual(ReasonDirection.LowersRisk, new Reason("AMT_CREDIT", "low", "1000", -0.42, ReasonUnit.LogOdds).Direction);

        var explanations = _lightGbm.Explain(_data.Head(5), top: 3);
        Assert.HasCount(5, explanations);
        Assert.AreEqual("EXT_SOURCE_3 = 0.21: +0.42 log-odds toward default", new Reason("EXT_SOURCE_3", "low", "0.21", 0.4213, ReasonUnit.LogOdds).ToString());
        Assert.AreEqual("NAME_CONTRACT_TYPE = Cash loans: -0.10 log-odds away from default",
            new Reason("NAME_CONTRACT_TYPE", "Cash loans", "Cash loans", -0.1, ReasonUnit.LogOdds).ToString());
        Assert.AreEqual("EXT_SOURCE_1 missing: +0.30 log-odds toward default", new Reason("EXT_SOURCE_1", "missing", "", 0.3, ReasonUnit.LogOdds).ToString());

        var pattern = new Regex(@"^[A-Z0-9_]+ (= [^:]+|missing): [+-]\d+\.\d\d log-odds (toward|away from) default$");
        var features = _lightGbm.Features.ToHashSet();
        foreach (var explanation in explanations)
        {
            Assert.HasCount(3, explanation.Reasons);
            foreach (var r in explanation.Reasons)
            {
                Assert.MatchesRegex(pattern, r.ToString());
                Assert.Contains(r.Feature, features, "reasons use source column names, not one-hot slots");
            }
            var sizes = explanation.Reasons.Select(r => Math.Abs(r.Contribution)).ToList();
            CollectionAssert.AreEqual(sizes.OrderByDescending(s => s).ToList(), sizes, "largest first");
        }
        var gender = explanations.SelectMany(e => e.Reasons).FirstOrDefault(r => r.Feature == "CODE_GENDER");
        if (gender is not null) Assert.IsTrue(gender.Description is "M" or "F", "a text column is described by its category");
    }

    [TestMethod]
    public void ALowExternalScoreIsAReasonThatRaisesRisk()
    {
        // Logistic regression contributions are weight × standardized value, so the direction is exact.
        var data = _data.Head(1);
        ((DoubleDataFrameColumn)data.Columns["EXT_SOURCE_3"])[0] = 0.01;
        ((DoubleDataFrameColumn)data.Columns["EXT_SOURCE_2"])[0] = 0.02;
        var reasons = _logistic.Explain(data, top: 2)[0].Reasons;
        var ext = reasons.Where(r => r.Feature.StartsWith("EXT_SOURCE", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(ext);
        foreach (var r in ext)
        {
            Assert.AreEqual("low", r.Description);
            Assert.IsGreaterThan(0, r.Contribution, r.ToString());
        }
    }

    [TestMethod]
    public void OneApplicantFromTheTestSplitCanBeExplained()
    {
        var test = _experiment.TestData(5);
        Assert.AreEqual(5L, test.Rows.Count);
        Assert.AreEqual(typeof(bool), test.Columns["TARGET"].DataType);
        var one = _lightGbm.ExplainRow(test, 3, top: 2);
        Assert.AreEqual(3, one.Row);
        Assert.HasCount(2, one.Reasons);
        Assert.AreEqual(_lightGbm.Explain(test, top: 2)[3].ReasonText, one.ReasonText);
        Assert.AreEqual(_lightGbm.Predict(test)[3], one.Probability, 1e-6);
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _lightGbm.ExplainRow(test, 9)).Message, "row 9");
    }

    [TestMethod]
    public void RareLevelsAreGroupedAsOtherAndMissingGetsItsOwnLevel()
    {
        var education = _experiment.Plan.Categorical.Single(c => c.Name == "NAME_EDUCATION_TYPE");
        Assert.AreEqual(CategoricalFeature.Other, education.Mapping["Academic degree"], "0.5% of rows is below 1%");
        Assert.AreEqual("Higher education", education.Mapping["Higher education"]);
        CollectionAssert.Contains(_experiment.Plan.WithMissing, "EXT_SOURCE_3");
        CollectionAssert.Contains(_experiment.Plan.WithMissing, "GOODS_TO_CREDIT", "a ratio with a missing input is missing");
        Assert.IsGreaterThan(1, _experiment.Plan.Medians["CREDIT_TO_ANNUITY"]);
    }

    [TestMethod]
    public void LoadingSomethingThatIsNotAModelIsAClearError()
    {
        var missing = Assert.ThrowsExactly<UserFacingException>(() => TrainedModel.Load(Path.Combine(_dir, "none.zip")));
        StringAssert.Contains(missing.Message, "not found");
        var text = Path.Combine(_dir, "text.zip");
        File.WriteAllText(text, "hello");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => TrainedModel.Load(text)).Message, "text.zip");
    }
}
