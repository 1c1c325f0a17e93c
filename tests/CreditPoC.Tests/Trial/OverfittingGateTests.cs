using CreditPoC.Data;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Monitoring;
using CreditPoC.Trial;

namespace CreditPoC.Tests.Trial;

/// <summary>
/// The quality gate stays honest on small data: on the 10,000 applications known on the last day of a generated
/// split, learn's defaults pass with the shipped limits, and a deliberately overfit model (256 leaves of one row, no
/// early stopping) is refused, with its reason.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class OverfittingGateTests
{
    private static string _dir = null!;
    private static string _features = null!;
    private static TableSchema _schema = null!;
    private static DecisionPolicy _policy = null!;
    private static MonitoringSettings _shipped = null!;

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-overfit").FullName;
        var csv = Path.Combine(_dir, "application_train.csv");
        HomeCreditGenerator.Generate(csv, 30_000, 5, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, Path.Combine(_dir, "raw"), new DateOnly(2021, 1, 1), 90, 60, Overwrite: true));
        _schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        _policy = DecisionPolicy.Load(Path.Combine(RepoRoot.Path, "parameters", "decision_policy.yaml"));
        _shipped = MonitoringSettings.Load(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml"));
        var paths = new TrialPaths(Path.Combine(_dir, "run"));
        var accumulated = Accumulator.Accumulate(new DailyFiles(Path.Combine(_dir, "raw")), new DateOnly(2021, 3, 31), paths.Accumulated);
        Assert.AreEqual(10_000, accumulated.Rows);
        FeatureEngineering.Build(paths.Accumulated, _schema, DataType.Train, paths.Features(DataType.Train));
        _features = paths.Features(DataType.Train);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static (LearnResult Learned, GateResult Gate) LearnAndGate(LightGbmParameters? parameters, string name)
    {
        var learned = Learner.Learn(_features, _schema, parameters, _policy, Path.Combine(_dir, name, "model.zip"), progress: _ => { });
        var (gate, _) = TrialGate.Evaluate(learned, _policy, _shipped);
        Console.WriteLine($"{name}: train AUC {learned.Evaluation.TrainAuc:F4}, validation AUC {learned.Evaluation.TestAuc:F4}, " +
                          $"reference {learned.ReferenceAuc:F4}, {learned.LightGbm!.Rounds} rounds; gate {(gate.Passed ? "passed" : "failed: " + string.Join("; ", gate.FailureReasons))}");
        return (learned, gate);
    }

    [TestMethod]
    public void ADeliberatelyOverfitModelIsRefusedForTrailingTheSimpleModel()
    {
        var overfit = LightGbmParameters.Default with { NumLeaves = 256, MinChildSamples = 1, EarlyStoppingRounds = 0, NumBoostRound = 100 };

        var (learned, gate) = LearnAndGate(overfit, "overfit");

        Assert.IsFalse(gate.Passed);
        Assert.IsGreaterThan(0.15, learned.Evaluation.AucGap);
        var reason = gate.FailureReasons.Single(r => r.StartsWith("overfitting:", StringComparison.Ordinal));
        StringAssert.Contains(reason, "and validation AUC trails the simple reference model's");
        Assert.IsGreaterThan(0.02, learned.ReferenceAuc - learned.Evaluation.TestAuc);
    }

    [TestMethod]
    public void LearnsDefaultsScaledToTheRowsPassTheShippedGate()
    {
        var (learned, gate) = LearnAndGate(null, "defaults");

        Assert.IsTrue(gate.Passed, string.Join("; ", gate.FailureReasons));
        Assert.AreEqual(LightGbmParameters.ForRows(learned.Evaluation.TrainRows), learned.LightGbm!.Parameters);
        Assert.IsGreaterThan(0.77, learned.Evaluation.TestAuc);
        Assert.IsGreaterThanOrEqualTo(learned.ReferenceAuc - _shipped.Gate.MaxReferenceShortfall, learned.Evaluation.TestAuc);
    }
}
