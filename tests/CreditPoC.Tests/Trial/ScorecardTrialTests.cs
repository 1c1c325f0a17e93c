using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Monitoring;
using CreditPoC.Scorecards;
using CreditPoC.Tracking;
using CreditPoC.Trial;
using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tests.Trial;

/// <summary>learn with MODEL_KIND scorecard → register → serve → inference, through the library, on generated daily batches.</summary>
[TestClass]
public sealed class ScorecardTrialTests
{
    private static string _dir = null!;
    private static TrialPaths _paths = null!;
    private static TableSchema _schema = null!;
    private static DecisionPolicy _policy = null!;
    private static readonly DateOnly Day = new(2021, 1, 30);

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-scorecard-trial").FullName;
        var csv = Path.Combine(_dir, "application_train.csv");
        HomeCreditGenerator.Generate(csv, 12_000, 11, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, Path.Combine(_dir, "raw"), new DateOnly(2021, 1, 1), 30, 10, Overwrite: true));
        var raw = new DailyFiles(Path.Combine(_dir, "raw"));
        _schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        _policy = DecisionPolicy.Load(Path.Combine(RepoRoot.Path, "parameters", "decision_policy.yaml"));
        _paths = new TrialPaths(Path.Combine(_dir, "run"));
        Accumulator.Accumulate(raw, Day, _paths.Accumulated);
        FeatureEngineering.Build(_paths.FeatureInput(DataType.Train, raw, Day), _schema, DataType.Train, _paths.Features(DataType.Train));
        FeatureEngineering.Build(_paths.FeatureInput(DataType.Test, raw, Day), _schema, DataType.Test, _paths.Features(DataType.Test));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void AScorecardIsLearnedGatedRegisteredAndServesPointsAndReasonsInPoints()
    {
        var modelPath = _paths.ModelFor("scorecard");
        var learned = Learner.Learn(_paths.Features(DataType.Train), _schema, null, _policy, modelPath, validationWeeks: 1, progress: _ => { }, modelKind: "Scorecard");
        var trees = Learner.Learn(_paths.Features(DataType.Train), _schema, null, _policy, Path.Combine(_dir, "lightgbm", "model.zip"), validationWeeks: 1, progress: _ => { });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{learned.Evaluation.TrainRows:N0} train / {learned.Evaluation.TestRows:N0} validation rows: scorecard AUC {learned.Evaluation.TestAuc:F4} " +
            $"(train {learned.Evaluation.TrainAuc:F4}, {learned.Scorecard!.Card.Characteristics.Count} characteristics), LightGBM AUC {trees.Evaluation.TestAuc:F4} (train {trees.Evaluation.TrainAuc:F4})"));

        Assert.AreEqual("scorecard", learned.Model.Kind);
        Assert.IsNull(learned.LightGbm);
        Assert.AreEqual(Path.GetFullPath(modelPath), learned.ModelPath);
        StringAssert.EndsWith(learned.ModelPath, "scorecard.yaml");
        Assert.IsTrue(learned.Binning!.Choices.Any(c => !c.Selected), "the binning recorded why characteristics were left out");
        Assert.IsGreaterThan(0.6, learned.Evaluation.TestAuc);
        Assert.AreEqual(learned.Evaluation.TrainRows, (int)learned.Metrics["train_rows"]);
        Assert.AreEqual(learned.Scorecard.Card.Characteristics.Count, (int)learned.Metrics["characteristics"]);
        Assert.AreEqual(trees.Evaluation.TestRows, learned.Evaluation.TestRows, "the same out-of-time validation rows as LightGBM");

        var (gate, measured) = TrialGate.Evaluate(learned, _policy, MonitoringSettings.Load(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml")));
        Assert.HasCount(7, gate.Checks);
        Assert.IsGreaterThan(0, measured.LatencyP99Milliseconds);

        // Registered with its kind, it serves from the registry: the YAML read back scores as learn did.
        var runs = Path.Combine(_dir, "runs");
        Directory.CreateDirectory(runs);
        var store = Path.Combine(runs, "creditpoc.db");
        var registry = new ModelRegistry(store);
        var version = registry.Register(learned.ModelPath, learned.Metrics, gatePassed: true, kind: learned.Model.Kind);
        registry.Transition(version, ModelStage.Production);
        var serving = TrialModels.Serving(new RunContext(runs, store));
        Assert.AreEqual("scorecard", serving.Kind);
        Assert.IsNotNull(serving.Scorecard);
        CollectionAssert.AreEqual(learned.ValidationScores, serving.Model.Predict(learned.Validation));
        Assert.AreEqual("scorecard", ModelKinds.Of(learned.ModelPath));

        var result = Inference.Score(_paths.Features(DataType.Test), _schema, serving.Model, _policy, serving.Bands, _paths.Predictions);
        Assert.AreEqual("scorecard", result.ModelKind);
        var lines = File.ReadAllLines(_paths.Predictions);
        Assert.AreEqual("SK_ID_CURR,score,points,decision,rules,reasons,flags", lines[0]);
        var scores = result.Predictions.Columns["score"].Cast<double>().ToArray();
        var points = result.Predictions.Columns["points"].Cast<long>().ToArray();
        var scale = serving.Scorecard!.Card.Scale;
        for (var r = 0; r < scores.Length; r++)
        {
            // The score is the probability of the unrounded points; the file shows them rounded.
            Assert.IsTrue(scores[r] <= scale.Probability(points[r] - 0.5) && scores[r] >= scale.Probability(points[r] + 0.5), $"row {r}");
        }
        var reasons = result.Predictions.Columns["reasons"].Cast<string>().ToList();
        Assert.IsTrue(reasons.Where(r => r.Length > 0).All(r => r.Split("; ").All(p => p.EndsWith(" points", StringComparison.Ordinal))), reasons[0]);
        Assert.IsTrue(reasons.Any(r => r.Split("; ").Length == 3));
        Console.WriteLine($"first application: {points[0]} points, score {scores[0]:F4}, {result.Predictions.Columns["decision"][0]}; {reasons[0]}");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void AnApplicationWithAValueOutsideEveryBinIsScoredAndFlagged()
    {
        var modelPath = Path.Combine(_dir, "outside", "scorecard.yaml");
        var learned = Learner.Learn(_paths.Features(DataType.Train), _schema, null, _policy, modelPath, validationWeeks: 1, progress: _ => { }, modelKind: "scorecard");
        var card = learned.Scorecard!.Card;
        var test = TableFile.Load(_paths.Features(DataType.Test), _schema, strict: false);
        var numeric = card.Characteristics.FirstOrDefault(c => c.IsNumeric && c.Find(double.NaN) is null);
        var text = card.Characteristics.FirstOrDefault(c => !c.IsNumeric && c.Find("a level no training row had") is null);
        if (numeric is null && text is null) Assert.Inconclusive("every characteristic of this card has a bin for missing values and for unseen levels");
        var changed = numeric ?? text!;
        var column = test.Columns[changed.Name];
        if (changed.IsNumeric) column[0] = null;
        else column[0] = "a level no training row had";
        var path = Path.Combine(_dir, "outside", "features_test.csv");
        CsvTableWriter.Write(test, path);

        var result = Inference.Score(path, _schema, learned.Model, _policy, learned.Bands, Path.Combine(_dir, "outside", "predictions.csv"));

        var flags = (string)result.Predictions.Columns["flags"][0];
        StringAssert.Contains(flags, $"outside_bins:{changed.Name}");
        Assert.IsGreaterThanOrEqualTo(1, result.OutsideBins);
        Assert.IsTrue(double.IsFinite((double)result.Predictions.Columns["score"][0]));
    }

    [TestMethod]
    public void AnUnknownModelKindNamesTheParameterAndTheKindsAllowedAndWritesNothing()
    {
        var modelPath = Path.Combine(_dir, "unknown", "model.zip");
        var error = Assert.ThrowsExactly<UserFacingException>(() =>
            Learner.Learn(_paths.Features(DataType.Train), _schema, null, _policy, modelPath, modelKind: "xgboost"));
        Assert.AreEqual("MODEL_KIND 'xgboost' is not a model kind learn can train: expected lightgbm or scorecard", error.Message);
        Assert.IsFalse(Directory.Exists(Path.GetDirectoryName(modelPath)));
        Assert.ThrowsExactly<UserFacingException>(() => _paths.ModelFor(""));
    }
}
