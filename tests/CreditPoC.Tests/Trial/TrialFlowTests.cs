using CreditPoC.Data;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Monitoring;
using CreditPoC.Trial;

namespace CreditPoC.Tests.Trial;

/// <summary>accumulate → feature engineering → learn → inference through the library, on generated daily batches.</summary>
[TestClass]
public sealed class TrialFlowTests
{
    private static string _dir = null!;
    private static DailyFiles _raw = null!;
    private static TableSchema _schema = null!;
    private static readonly DateOnly Day = new(2021, 1, 30);

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-trial").FullName;
        var csv = Path.Combine(_dir, "application_train.csv");
        HomeCreditGenerator.Generate(csv, 12_000, 11, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, Path.Combine(_dir, "raw"), new DateOnly(2021, 1, 1), 30, 10, Overwrite: true));
        _raw = new DailyFiles(Path.Combine(_dir, "raw"));
        _schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    [TestCategory("Slow")]
    public void ADayFromRawBatchesToPredictionsWithTheSameScoresOnBothPaths()
    {
        var paths = new TrialPaths(Path.Combine(_dir, "run"));
        var accumulated = Accumulator.Accumulate(_raw, Day, paths.Accumulated);
        Assert.IsGreaterThan(0, accumulated.Pending, "the last 10 days' outcomes have not arrived");
        FeatureEngineering.Build(paths.FeatureInput(DataType.Train, _raw, Day), _schema, DataType.Train, paths.Features(DataType.Train));
        var test = FeatureEngineering.Build(paths.FeatureInput(DataType.Test, _raw, Day), _schema, DataType.Test, paths.Features(DataType.Test));

        var policy = DecisionPolicy.Load(Path.Combine(RepoRoot.Path, "parameters", "decision_policy.yaml"));
        var learned = Learner.Learn(paths.Features(DataType.Train), _schema, LightGbmParameters.Default, policy, paths.Model, validationWeeks: 1, progress: _ => { });
        Assert.IsGreaterThan(0.6, learned.Evaluation.TestAuc);

        // The decision bands honour the policy's targets on the validation data they were derived on.
        var approve = learned.BandReport.Bands.Single(b => b.Band == DecisionOutcome.Approve);
        if (approve.Count > 0) Assert.IsGreaterThanOrEqualTo(policy.Target!.Value.ApproveAccuracy, approve.Accuracy!.Value);
        var reject = learned.BandReport.Bands.Single(b => b.Band == DecisionOutcome.Reject);
        if (reject.Count > 0) Assert.IsGreaterThanOrEqualTo(policy.Target!.Value.RejectAccuracy, reject.Accuracy!.Value);

        // Training–serving consistency: the saved model, read back, scores the validation rows exactly as learn did.
        var served = TrainedModel.Load(paths.Model);
        CollectionAssert.AreEqual(learned.ValidationScores, served.Predict(learned.Validation));

        var result = Inference.Score(paths.Features(DataType.Test), _schema, served, policy, learned.Bands, paths.Predictions);
        Assert.AreEqual(test.Rows, result.Applications);
        var lines = File.ReadAllLines(paths.Predictions);
        Assert.AreEqual("SK_ID_CURR,score,decision,rules,reasons,flags", lines[0]);
        Assert.HasCount(test.Rows + 1, lines);
        Assert.IsTrue(result.Predictions.Columns["decision"].Cast<string>().All(d => d is "approve" or "reject" or "review"));
        Assert.IsTrue(result.Predictions.Columns["reasons"].Cast<string>().All(r => r.Split("; ").Length == 3));
        Assert.AreEqual(result.Applications, result.Approved + result.Rejected + result.Review);

        // And the same rows scored through the inference path match the learn path when they are the same rows.
        var sameRows = Path.Combine(_dir, "validation_features.csv");
        CsvTableWriter.Write(learned.Validation, sameRows);
        var again = Inference.Score(sameRows, _schema, served, policy, learned.Bands, Path.Combine(_dir, "validation_predictions.csv"));
        CollectionAssert.AreEqual(learned.ValidationScores, again.Predictions.Columns["score"].Cast<double>().ToArray());

        var (gate, inputs) = TrialGate.Evaluate(learned, policy, new MonitoringSettings());
        Assert.HasCount(7, gate.Checks);
        Assert.IsGreaterThan(0, inputs.LatencyP99Milliseconds);
        Assert.IsTrue(inputs.Fairness.Any(g => g.Attribute == "CODE_GENDER") && inputs.Fairness.Any(g => g.Attribute == "age band"));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void AModelTrainedWithAPlantedLeakFailsTheGateAndIsNotPromoted()
    {
        var paths = new TrialPaths(Path.Combine(_dir, "run-leak"));
        Accumulator.Accumulate(_raw, Day, paths.Accumulated);
        FeatureEngineering.Build(paths.Accumulated, _schema, DataType.Train, paths.Features(DataType.Train));
        // Plant the leak: FLAG_DOCUMENT_20, an application-time column, now carries the outcome.
        var features = CsvTableLoader.Load(paths.Features(DataType.Train), _schema, strict: false);
        var leak = features.Columns["TARGET"].Clone();
        leak.SetName("FLAG_DOCUMENT_20");
        features.Columns[features.Columns.IndexOf("FLAG_DOCUMENT_20")] = leak;
        CsvTableWriter.Write(features, paths.Features(DataType.Train));

        var policy = DecisionPolicy.Load(Path.Combine(RepoRoot.Path, "parameters", "decision_policy.yaml"));
        var learned = Learner.Learn(paths.Features(DataType.Train), _schema, LightGbmParameters.Default, policy, paths.Model, validationWeeks: 1, progress: _ => { });
        var (gate, _) = TrialGate.Evaluate(learned, policy, MonitoringSettings.Load(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml")));

        Assert.IsGreaterThan(0.99, learned.Evaluation.TestAuc);
        Assert.IsFalse(gate.Passed);
        Assert.IsTrue(gate.FailureReasons.Any(r => r.StartsWith("leak check", StringComparison.Ordinal)), string.Join("; ", gate.FailureReasons));

        var registry = new CreditPoC.Tracking.ModelRegistry(Path.Combine(_dir, "leak.db"));
        var version = registry.Register(learned.ModelPath, learned.Metrics, gatePassed: gate.Passed, gateReasons: gate.FailureReasons);
        Assert.ThrowsExactly<UserFacingException>(() => registry.Transition(version, CreditPoC.Tracking.ModelStage.Production));
        Assert.IsNull(registry.Serving(), "a model that failed the gate never serves");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public void ADayWithoutApplicationsAndABatchMissingAColumnAreClearErrors()
    {
        var paths = new TrialPaths(Path.Combine(_dir, "run-errors"));
        var error = Assert.ThrowsExactly<UserFacingException>(() => paths.FeatureInput(DataType.Test, _raw, new DateOnly(2022, 1, 1)));
        StringAssert.Contains(error.Message, "no applications arrived on 2022-01-01");
        error = Assert.ThrowsExactly<UserFacingException>(() => paths.FeatureInput(DataType.Train, _raw, Day));
        StringAssert.Contains(error.Message, "accumulate");
        Assert.ThrowsExactly<UserFacingException>(() => TrialPaths.ParseDataType("validation"));
    }
}
