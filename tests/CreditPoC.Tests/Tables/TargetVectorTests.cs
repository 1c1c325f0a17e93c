using CreditPoC.Exploration;
using CreditPoC.Modeling;
using CreditPoC.Tables;
using CreditPoC.Validation;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Tables;

/// <summary>The one target parser: the positive label is matched ignoring case (numbers by value) by every reader.</summary>
[TestClass]
public sealed class TargetVectorTests
{
    private static DataFrame Credit(int rows, Func<int, string?> label)
    {
        var random = new Random(5);
        var bad = Enumerable.Range(0, rows).Select(i => i % 4 == 0).ToArray();
        return new DataFrame(
            new Int64DataFrameColumn("id", Enumerable.Range(0, rows).Select(i => (long)i)),
            new DoubleDataFrameColumn("score", bad.Select(b => random.NextDouble() + (b ? 0.5 : 0))),
            new StringDataFrameColumn("grade", Enumerable.Range(0, rows).Select(i => "ABC"[i % 3].ToString())),
            new StringDataFrameColumn("TARGET", Enumerable.Range(0, rows).Select(i => bad[i] ? label(i) : i % 7 == 1 ? " good " : "good")));
    }

    [TestMethod]
    [DataRow("1", "1", true)]
    [DataRow("1.0", "1", true)]
    [DataRow(" bad ", "Bad", true)]
    [DataRow("BAD", "bad", true)]
    [DataRow("good", "bad", false)]
    [DataRow("10", "1", false)]
    public void MatchesIgnoringCaseAndNumbersByValue(string value, string positive, bool expected) =>
        Assert.AreEqual(expected, TargetVector.Matches(value, positive));

    [TestMethod]
    public void APositiveLabelInAnotherCaseValidatesProfilesAndTrainsAlike()
    {
        var data = Credit(400, _ => "bad");

        var validation = DataValidator.Validate(data, new ValidationOptions("TARGET", "Bad") { IdColumn = "id" });
        var profile = DataProfiler.Profile(data, new ProfileOptions { Target = "TARGET", PositiveLabel = "Bad", IdColumn = "id" });
        var experiment = Experiment.Setup(data, "TARGET", "Bad", ["id"], folds: 2, progress: _ => { });

        Assert.IsFalse(validation.Issues.Any(i => i.Severity == Severity.Error), string.Join("; ", validation.Issues));
        Assert.AreEqual(100, validation.Target!.Positives);
        Assert.AreEqual("good", validation.Target.NegativeLabel, "values are trimmed");
        Assert.AreEqual(0.25, profile.PositiveRate!.Value, 1e-12);
        Assert.AreEqual(0.25, experiment.PositiveRate, 0.02);
    }

    [TestMethod]
    public void TwoSpellingsOfThePositiveLabelAreBothPositive()
    {
        var target = TargetVector.From(Credit(40, i => i % 8 == 0 ? "BAD" : "bad"), "TARGET", "bad");
        CollectionAssert.AreEqual(new[] { "BAD", "bad" }, target.PositiveValues.ToArray());
        Assert.AreEqual("good", target.NegativeLabel);
        Assert.AreEqual(10, target.Positives);
        Assert.AreEqual(30, target.Negatives);
    }

    [TestMethod]
    public void ALabelNotFoundNamesTheColumnTheFileTheRuleAndTheValuesSeen()
    {
        var data = Credit(40, _ => "bad");

        var direct = TargetVector.From(data, "TARGET", "defaulted", "data/credit.csv").PositiveNotFoundMessage();
        var validation = DataValidator.Validate(data, new ValidationOptions("TARGET", "defaulted"), "data/credit.csv");
        var setup = Assert.ThrowsExactly<UserFacingException>(() => Experiment.Setup(data, "TARGET", "defaulted", folds: 2, progress: _ => { }));
        var profile = Assert.ThrowsExactly<UserFacingException>(() =>
            DataProfiler.Profile(data, new ProfileOptions { Target = "TARGET", PositiveLabel = "defaulted" }, "data/credit.csv"));

        Assert.AreEqual("positive label 'defaulted' not found in column TARGET of data/credit.csv " +
                        "(labels are matched ignoring case, numbers by value; values seen: 'good' (30), 'bad' (10))", direct);
        StringAssert.Contains(validation.Issues.Single(i => i.Rule == "target_single_class").Message, direct);
        StringAssert.Contains(setup.Message, "positive label 'defaulted' not found in column TARGET (labels are matched ignoring case");
        StringAssert.Contains(profile.Message, direct);
    }

    [TestMethod]
    public void ATargetWithOneClassIsRefusedByValidationAndByTheProfileAlike()
    {
        var data = Credit(40, _ => "bad");
        var onlyBad = new DataFrame(data.Columns["id"], data.Columns["score"], new StringDataFrameColumn("TARGET", Enumerable.Repeat("bad", 40)));

        var validation = DataValidator.Validate(onlyBad, new ValidationOptions("TARGET", "bad"), "data/credit.csv");
        var profile = Assert.ThrowsExactly<UserFacingException>(() =>
            DataProfiler.Profile(onlyBad, new ProfileOptions { Target = "TARGET", PositiveLabel = "bad" }, "data/credit.csv"));

        var expected = "TARGET has a single class ('bad' only): nothing to learn";
        Assert.AreEqual(expected, validation.Issues.Single(i => i.Rule == "target_single_class").Message);
        StringAssert.StartsWith(profile.Message, expected);
    }
}
