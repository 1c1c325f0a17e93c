using CreditPoC.Monitoring;

namespace CreditPoC.Tests.Monitoring;

[TestClass]
public sealed class FairnessAndGateTests
{
    [TestMethod]
    public void ShippedSettingsLoadWithTheUsualPsiBands()
    {
        var settings = MonitoringSettings.Load(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml"));
        Assert.AreEqual(0.1, settings.Drift.PsiWarn);
        Assert.AreEqual(0.25, settings.Drift.PsiAlert);
        Assert.AreEqual(0.8, settings.Fairness.MinApprovalRatio);
        Assert.AreEqual(0.99, settings.Gate.MaxAuc);
        Assert.AreEqual(new MonitoringSettings(), MonitoringSettings.Load(null) with { });
    }

    [TestMethod]
    public void GroupApprovedFarLessOftenBreaksTheFourFifthsRule()
    {
        var groups = new List<string?>();
        var approved = new List<bool>();
        var review = new List<bool>();
        var scores = new List<double>();
        var defaulted = new List<bool?>();
        var random = new Random(5);
        for (var i = 0; i < 1000; i++)
        {
            var isB = i % 2 == 1;
            groups.Add(isB ? "B" : "A");
            var approve = random.NextDouble() < (isB ? 0.5 : 0.9);
            approved.Add(approve);
            review.Add(!approve && random.NextDouble() < 0.5);
            var bad = random.NextDouble() < 0.1;
            scores.Add(bad ? 0.3 + random.NextDouble() * 0.5 : random.NextDouble() * 0.5);
            defaulted.Add(bad);
        }

        var table = Fairness.Compute("CODE_GENDER", groups, approved, review, scores, defaulted, new FairnessLimits());

        var a = table.Single(g => g.Group == "A");
        var b = table.Single(g => g.Group == "B");
        Assert.AreEqual(1.0, a.ApprovalRatio, 1e-12);
        Assert.IsTrue(b.Flagged);
        // Approvals ignore the outcome here, so group A lets far more of its defaults through: a TPR gap.
        Assert.IsTrue(a.Flagged);
        StringAssert.Contains(a.Reasons.Single(), "true-positive rate");
        Assert.AreEqual(b.ApprovalRate / a.ApprovalRate, b.ApprovalRatio, 1e-12);
        StringAssert.Contains(b.Reasons.Single(), "four-fifths");
        Assert.IsGreaterThan(0.7, a.Auc!.Value);
        Assert.AreEqual(500, a.Count);
    }

    /// <summary>Two groups whose defaults are sent away from approval at the given rates (the rest of the rows approved).</summary>
    private static IReadOnlyList<GroupFairness> TwoGroups(int defaultsEach, double tprA, double tprB)
    {
        var groups = new List<string?>();
        var approved = new List<bool>();
        var defaulted = new List<bool?>();
        foreach (var (group, tpr) in new[] { ("A", tprA), ("B", tprB) })
            for (var i = 0; i < defaultsEach * 10; i++)
            {
                var bad = i < defaultsEach;
                groups.Add(group);
                defaulted.Add(bad);
                approved.Add(!bad || i >= Math.Round(tpr * defaultsEach));
            }
        var none = approved.Select(_ => false).ToList();
        return Fairness.Compute("CODE_GENDER", groups, approved, none, approved.Select(a => a ? 0.1 : 0.9).ToList(), defaulted, new FairnessLimits());
    }

    [TestMethod]
    public void ATruePositiveRateGapChanceCouldExplainIsAWarningAndAClearOneIsFlagged()
    {
        // 50 defaults a group: a gap of 0.16 is 1.6 standard errors, so chance could explain it.
        var few = TwoGroups(50, 0.30, 0.46);
        var a = few.Single(g => g.Group == "A");
        Assert.IsFalse(a.Flagged);
        StringAssert.Contains(a.Notes!.Single(), "true-positive rate 0.16 below the best group (limit 0.10), but within chance on 50 and 50 defaults (standard error 0.10)");
        var gate = QualityGate.Evaluate(new GateInputs(0.76, 0.80, 0.081, 0.08, 0.2, 0.001, few), new GateLimits());
        Assert.IsTrue(gate.Passed);
        StringAssert.StartsWith(gate.Warnings.Single(), "fairness: CODE_GENDER=A: true-positive rate 0.16");
        Assert.AreEqual("warn", gate.Checks.Single(c => c.Name == "fairness").Result);

        // The same rates on 1,000 defaults a group: the gap is real.
        var many = TwoGroups(1000, 0.30, 0.46);
        Assert.IsTrue(many.Single(g => g.Group == "A").Flagged);
        StringAssert.StartsWith(QualityGate.Evaluate(new GateInputs(0.76, 0.80, 0.081, 0.08, 0.2, 0.001, many), new GateLimits()).FailureReasons.Single(),
            "fairness: CODE_GENDER=A: true-positive rate 0.16 below the best group");
    }

    [TestMethod]
    public void ALargeGapIsAWarningWhileValidationAucHoldsUpAgainstTheSimpleModelAndARefusalWhenItTrails()
    {
        var wide = new GateInputs(ValidationAuc: 0.76, TrainAuc: 0.88, 0.081, 0.08, 0.2, 0.001, []);

        var holds = QualityGate.Evaluate(wide with { ReferenceAuc = 0.77 }, new GateLimits());
        Assert.IsTrue(holds.Passed, string.Join("; ", holds.FailureReasons));
        Assert.AreEqual("overfitting: train-validation AUC gap 0.12 (train 0.8800, validation 0.7600) > 0.08, but validation AUC holds up against " +
                        "the simple reference model's 0.7700 (shortfall limit 0.02): a warning, not a refusal", holds.Warnings.Single());

        var trails = QualityGate.Evaluate(wide with { ReferenceAuc = 0.80 }, new GateLimits());
        Assert.IsFalse(trails.Passed);
        Assert.AreEqual("overfitting: train-validation AUC gap 0.12 (train 0.8800, validation 0.7600) > 0.08, and validation AUC trails the simple " +
                        "reference model's 0.8000 by 0.0400 > 0.02: the model learned the training rows, not the pattern", trails.FailureReasons.Single());

        StringAssert.Contains(QualityGate.Evaluate(wide, new GateLimits()).FailureReasons.Single(), "no simple reference model was measured");
        Assert.IsEmpty(QualityGate.Evaluate(wide with { TrainAuc = 0.80 }, new GateLimits()).Warnings, "a gap within the limit needs no reference");
    }

    [TestMethod]
    public void TheShippedLimitsWriteDownTheOverfittingAndTruePositiveRateRules()
    {
        var settings = MonitoringSettings.Load(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml"));
        Assert.AreEqual(0.08, settings.Gate.MaxTrainTestGap);
        Assert.AreEqual(0.02, settings.Gate.MaxReferenceShortfall);
        Assert.AreEqual(1.96, settings.Fairness.TprDifferenceZ);
        var yaml = File.ReadAllText(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml"));
        StringAssert.Contains(yaml, "max_reference_shortfall:");
        StringAssert.Contains(yaml, "tpr_difference_z:");
    }

    [TestMethod]
    public void AgeBandsFollowDaysBirth()
    {
        Assert.AreEqual("<25", Fairness.AgeBand(-22 * 365.25));
        Assert.AreEqual("45-54", Fairness.AgeBand(-50 * 365.25));
        Assert.AreEqual("65+", Fairness.AgeBand(-68 * 365.25));
        Assert.IsNull(Fairness.AgeBand(null));
    }

    [TestMethod]
    public void OnlyFlaggedGroupsOfGateAttributesFailTheGate()
    {
        var age = new GroupFairness("age band", "25-34", 500, 0.5, 0.6, 0.7, 0.5, 0.3, 0.2, true, ["approval ratio 0.60 below 0.80 (four-fifths rule)"]);
        var inputs = new GateInputs(0.76, 0.80, 0.081, 0.08, 0.2, 0.001, [age]);
        Assert.IsTrue(QualityGate.Evaluate(inputs, new GateLimits(), new FairnessLimits().GateAttributes).Passed);
        var gender = age with { Attribute = "CODE_GENDER", Group = "M" };
        var failed = QualityGate.Evaluate(inputs with { Fairness = [age, gender] }, new GateLimits(), new FairnessLimits().GateAttributes);
        StringAssert.Contains(failed.FailureReasons.Single(), "CODE_GENDER=M");
    }

    [TestMethod]
    public void GateFailsALeakyModelAndNamesEveryFailedCheck()
    {
        var good = new GateInputs(0.76, 0.80, 0.081, 0.08, 0.2, 0.001, []);
        var leaky = good with { ValidationAuc = 0.997, TrainAuc = 0.999 };
        var overfit = good with { TrainAuc = 0.95, FlipShare = 0.1 };

        Assert.IsTrue(QualityGate.Evaluate(good, new GateLimits()).Passed);
        var leak = QualityGate.Evaluate(leaky, new GateLimits());
        Assert.IsFalse(leak.Passed);
        StringAssert.Contains(leak.FailureReasons.Single(), "leak check");
        var both = QualityGate.Evaluate(overfit, new GateLimits()).FailureReasons;
        Assert.HasCount(2, both);
        StringAssert.Contains(both[0], "overfitting");
        StringAssert.Contains(both[1], "stability");
    }
}

[TestClass]
public sealed class PerformanceOverTimeTests
{
    [TestMethod]
    public void WeeksCountOnlyMaturedOutcomesAndStartOnMonday()
    {
        // 2021-01-04 is a Monday; the second week's outcomes have not arrived.
        DateOnly[] dates = [new(2021, 1, 4), new(2021, 1, 5), new(2021, 1, 10), new(2021, 1, 11), new(2021, 1, 12)];
        double[] scores = [0.1, 0.9, 0.2, 0.3, 0.8];
        string[] decisions = ["approve", "reject", "review", "approve", "reject"];
        bool?[] defaulted = [false, true, false, null, null];

        var weeks = PerformanceOverTime.ByWeek(dates, scores, decisions, defaulted);

        Assert.HasCount(2, weeks);
        Assert.AreEqual(new DateOnly(2021, 1, 4), weeks[0].WeekStart);
        Assert.AreEqual(3, weeks[0].Matured);
        Assert.AreEqual(1.0 / 3, weeks[0].DefaultRate!.Value, 1e-12);
        Assert.AreEqual(1.0, weeks[0].ApprovalAccuracy);
        Assert.AreEqual(1.0, weeks[0].AutomatedAccuracy);
        Assert.AreEqual(2.0 / 3, weeks[0].AutomatedShare, 1e-12);
        Assert.AreEqual(0, weeks[1].Matured);
        Assert.IsNull(weeks[1].Auc);
        Assert.IsNull(weeks[1].DefaultRate);
    }
}
