using CreditPoC.Decisions;

namespace CreditPoC.Tests.Decisions;

[TestClass]
public sealed class DecisionPolicyTests
{
    private static readonly string RepoPolicy = Path.Combine(RepoRoot.Path, "parameters", "decision_policy.yaml");

    private static Func<string, object?> Applicant(params (string Column, object? Value)[] values)
    {
        var map = values.ToDictionary(v => v.Column, v => v.Value);
        return column => map.GetValueOrDefault(column);
    }

    [TestMethod]
    public void ShippedPolicyLoadsWithRulesAndATarget()
    {
        var policy = DecisionPolicy.Load(RepoPolicy);
        Assert.IsGreaterThanOrEqualTo(2, policy.Rules.Count);
        Assert.IsNull(policy.Bands);
        Assert.AreEqual((0.95, 0.50), policy.Target);
        CollectionAssert.Contains(policy.RequiredColumns().ToList(), "DAYS_BIRTH");
    }

    [TestMethod]
    public void RulesComeFirstAndRejectBeatsReview()
    {
        var policy = DecisionPolicy.Load(RepoPolicy);
        var bands = new ScoreBands(0.05, 0.5);

        var minor = policy.Decide(Applicant(("DAYS_BIRTH", -5000L), ("AMT_CREDIT", 1e6), ("AMT_INCOME_TOTAL", 1e4), ("AMT_ANNUITY", 1e3)), 0.01, bands);
        Assert.AreEqual(DecisionOutcome.Reject, minor.Outcome);
        Assert.IsTrue(minor.DecidedByRule);
        CollectionAssert.AreEquivalent(new[] { "under_18", "credit_over_30x_income" }, minor.FiredRules.ToList());

        var bigCredit = policy.Decide(Applicant(("DAYS_BIRTH", -12000L), ("AMT_CREDIT", 5e6), ("AMT_INCOME_TOTAL", 1e5), ("AMT_ANNUITY", 2e4)), 0.01, bands);
        Assert.AreEqual(DecisionOutcome.Review, bigCredit.Outcome);
        CollectionAssert.AreEqual(new[] { "credit_over_30x_income" }, bigCredit.FiredRules.ToList());
    }

    [TestMethod]
    public void ScoreDecidesWhenNoRuleFiresAndMissingValuesNeverFire()
    {
        var policy = DecisionPolicy.Load(RepoPolicy);
        var bands = new ScoreBands(0.05, 0.5);
        var missing = Applicant(("DAYS_BIRTH", null), ("AMT_CREDIT", double.NaN));

        Assert.AreEqual(DecisionOutcome.Approve, policy.Decide(missing, 0.01, bands).Outcome);
        Assert.AreEqual(DecisionOutcome.Review, policy.Decide(missing, 0.2, bands).Outcome);
        var rejected = policy.Decide(missing, 0.9, bands);
        Assert.AreEqual(DecisionOutcome.Reject, rejected.Outcome);
        Assert.IsFalse(rejected.DecidedByRule);
        Assert.IsEmpty(rejected.FiredRules);
    }

    [TestMethod]
    public void DerivedBandsHonourTheirAccuracyTargetsOnTheDataTheyCameFrom()
    {
        var random = new Random(7);
        var scores = new List<double>();
        var defaulted = new List<bool>();
        for (var i = 0; i < 5000; i++)
        {
            var p = 1 / (1 + Math.Exp(-(random.NextDouble() * 8 - 6)));
            scores.Add(p);
            defaulted.Add(random.NextDouble() < p);
        }

        var bands = ScoreBands.Derive(scores, defaulted, approveAccuracy: 0.95, rejectAccuracy: 0.6);
        var report = BandReport.Compute(scores.Select(bands.Decide).ToList(), defaulted);

        var approve = report.Bands.Single(b => b.Band == DecisionOutcome.Approve);
        var reject = report.Bands.Single(b => b.Band == DecisionOutcome.Reject);
        Assert.IsGreaterThanOrEqualTo(0.95, approve.Accuracy!.Value);
        Assert.IsGreaterThanOrEqualTo(0.6, reject.Accuracy!.Value);
        Assert.IsGreaterThan(0.3, approve.Coverage, "a useful share is decided automatically");
        Assert.IsLessThan(bands.Upper, bands.Lower + 1e-12);
        Assert.AreEqual(1.0, report.Bands.Sum(b => b.Coverage), 1e-9);
    }

    [TestMethod]
    public void BandThatCannotReachItsTargetStaysEmpty()
    {
        var scores = Enumerable.Range(0, 100).Select(i => i / 100.0).ToList();
        var defaulted = scores.Select((_, i) => i % 2 == 0).ToList();  // coin flips: no band reaches 90%

        var bands = ScoreBands.Derive(scores, defaulted, 0.9, 0.9);

        Assert.IsTrue(scores.All(s => bands.Decide(s) == DecisionOutcome.Review));
    }

    [TestMethod]
    public void BadPolicyFilesNameTheProblem()
    {
        var dir = Directory.CreateTempSubdirectory("creditpoc-policy").FullName;
        try
        {
            string Write(string yaml) { var p = Path.Combine(dir, $"{Guid.NewGuid():N}.yaml"); File.WriteAllText(p, yaml); return p; }

            var badOperator = Write("rules:\n  - name: r\n    column: A\n    operator: '=~'\n    value: 1\n    decision: reject\nthresholds:\n  lower: 0.1\n  upper: 0.5\n");
            StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => DecisionPolicy.Load(badOperator)).Message, "rule 1 'r': operator");

            var badDecision = Write("rules:\n  - column: A\n    operator: '>'\n    value: 1\n    decision: maybe\nthresholds:\n  lower: 0.1\n  upper: 0.5\n");
            StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => DecisionPolicy.Load(badDecision)).Message, "'maybe'");

            var inverted = Write("thresholds:\n  lower: 0.6\n  upper: 0.5\n");
            StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => DecisionPolicy.Load(inverted)).Message, "lower (0.6) is above");

            StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => DecisionPolicy.Load(Path.Combine(dir, "none.yaml"))).Message, "does not exist");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
