using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class BadInputTests
{
    private static Experiment _experiment = null!;

    [ClassInitialize]
    public static void Setup(TestContext _) =>
        _experiment = Experiment.Setup(SyntheticTables.Credit(600, seed: 5), "TARGET", "1", ["SK_ID_CURR"], folds: 2, progress: _ => { });

    private static UserFacingException SetupFails(DataFrame data, string target = "TARGET", string positive = "1", int folds = 5) =>
        Assert.ThrowsExactly<UserFacingException>(() => Experiment.Setup(data, target, positive, folds: folds, progress: _ => { }));

    [TestMethod]
    public void TargetWithOneClassOnly()
    {
        var data = SyntheticTables.Credit(200, seed: 1);
        data.Columns["TARGET"] = new Int32DataFrameColumn("TARGET", Enumerable.Repeat(1, 200));
        var error = SetupFails(data);
        StringAssert.Contains(error.Message, "only one class");
        StringAssert.Contains(error.Message, "'1' (200)");
    }

    [TestMethod]
    public void AMulticlassTargetIsPositiveAgainstTheRestWithAWarning()
    {
        var data = SyntheticTables.Credit(300, seed: 1);
        var target = (Int32DataFrameColumn)data.Columns["TARGET"];
        for (var i = 0; i < 300; i += 7) target[i] = 2;
        var exp = Experiment.Setup(data, "TARGET", "1", folds: 2, progress: _ => { });
        Assert.Contains(w => w.Contains("3 distinct values") && w.Contains("'1' is positive"), exp.Warnings);
    }

    [TestMethod]
    public void TooFewRowsForTheFolds()
    {
        var error = SetupFails(SyntheticTables.Credit(40, seed: 1), folds: 10);
        StringAssert.Contains(error.Message, "too few rows for 10 folds");
        StringAssert.Contains(error.Message, "positive");
    }

    [TestMethod]
    public void TargetColumnMissing()
    {
        var error = SetupFails(SyntheticTables.Credit(100, seed: 1), target: "DEFAULTED");
        StringAssert.Contains(error.Message, "no target column DEFAULTED");
        StringAssert.Contains(error.Message, "TARGET");
    }

    [TestMethod]
    public void PositiveLabelNotPresent()
    {
        var error = SetupFails(SyntheticTables.Credit(100, seed: 1), positive: "yes");
        StringAssert.Contains(error.Message, "positive label 'yes' not found in column TARGET (labels are matched ignoring case");
        StringAssert.Contains(error.Message, "'0'");
        StringAssert.Contains(error.Message, "'1'");
    }

    [TestMethod]
    public void UnknownModelNamesAreListedWithTheKnownOnes()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => _experiment.CompareModels(["lr", "xgboost"]));
        StringAssert.Contains(error.Message, "'xgboost'");
        StringAssert.Contains(error.Message, "lr, dt, rf, svm, lightgbm");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.CreateModel("knn")).Message, "'knn'");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.CompareModels([])).Message, "include is empty");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.CompareModels(["lr"], sortBy: "Lift")).Message, "'Lift'");
    }

    [TestMethod]
    public void EmptySearchSpaceZeroTrialsAndUntunableModels()
    {
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.TuneModel(space: new SearchSpace([]))).Message, "search space is empty");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.TuneModel(trials: 0)).Message, "trials must be at least 1");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.TuneModel("rf")).Message, "lightgbm only");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.TuneModel(searcher: "grid")).Message, "'grid'");
        var unknownParameter = new SearchSpace([new ParameterRange("max_depth", 2, 10, Integer: true)]);
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.TuneModel(space: unknownParameter)).Message, "'max_depth'");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => _experiment.CreateModel("lr", LightGbmParameters.Default)).Message, "only supported for lightgbm");
    }

    [TestMethod]
    public void AllMissingColumnsAreDroppedWithAWarningAndTheRestStillWorks()
    {
        var data = SyntheticTables.Credit(600, seed: 2);
        data.Columns.Add(new DoubleDataFrameColumn("EMPTY_NUMBER", 600));
        data.Columns.Add(new StringDataFrameColumn("EMPTY_TEXT", 600));
        ((Int32DataFrameColumn)data.Columns["TARGET"])[0] = null;
        var exp = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR", "NOT_THERE"], folds: 2, progress: _ => { });

        Assert.Contains(w => w.Contains("'EMPTY_NUMBER'") && w.Contains("all values are missing"), exp.Warnings);
        Assert.Contains(w => w.Contains("'EMPTY_TEXT'") && w.Contains("all values are missing"), exp.Warnings);
        Assert.Contains(w => w.Contains("1 rows with a missing TARGET"), exp.Warnings);
        Assert.Contains(w => w.Contains("'NOT_THERE'"), exp.Warnings);
        Assert.DoesNotContain("EMPTY_NUMBER", exp.Plan.Features.ToList());
        Assert.DoesNotContain("EMPTY_TEXT", exp.Plan.Features.ToList());
        Assert.AreEqual(599, exp.TrainCount + exp.TestCount);
        var board = exp.CompareModels(["lr", "lightgbm"]);
        Assert.IsTrue(board.Rows.All(r => double.IsFinite(r.Auc.Mean)));
    }

    [TestMethod]
    public void BadSetupArgumentsNameTheParameter()
    {
        var data = SyntheticTables.Credit(100, seed: 1);
        StringAssert.Contains(SetupFails(data, folds: 1).Message, "folds must be at least 2");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() =>
            Experiment.Setup(data, "TARGET", "1", testFraction: 0.95, progress: _ => { })).Message, "testFraction");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() =>
            Experiment.Setup(data, "TARGET", "1", sampleRows: 0, progress: _ => { })).Message, "sampleRows");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() =>
            Experiment.Setup(data, "TARGET", "1", rareLevelShare: 1.5, progress: _ => { })).Message, "rareLevelShare");
    }

    [TestMethod]
    public void TheSmallestTableSetupAcceptsStillRunsEveryStep()
    {
        var data = SyntheticTables.Credit(60, seed: 8);
        data.Columns["TARGET"] = new Int32DataFrameColumn("TARGET", Enumerable.Range(0, 60).Select(i => i % 10 == 0 ? 1 : 0));
        var exp = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], folds: 2, progress: _ => { });
        var board = exp.CompareModels();
        Assert.HasCount(5, board.Rows);
        Assert.IsTrue(board.Rows.All(r => double.IsFinite(r.Auc.Mean)), string.Join(", ", board.Rows.Select(r => $"{r.Model} {r.Auc}")));
        var tuned = exp.TuneModel(trials: 2);
        Assert.IsTrue(double.IsFinite(exp.Evaluate(tuned.BestModel).TestAuc));
    }
}
