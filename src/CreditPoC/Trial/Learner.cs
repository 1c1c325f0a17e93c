using System.Globalization;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Scorecards;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Trial;

/// <summary>What <c>learn</c> produced: the model, its out-of-time validation and the decision bands.</summary>
public sealed record LearnResult
{
    /// <summary>The model as inference serves it: LightGBM (<see cref="LightGbm"/>) or a scorecard (<see cref="Scorecard"/>).</summary>
    public required IScoringModel Model { get; init; }

    /// <summary>The LightGBM model, when learn trained one (MODEL_KIND lightgbm).</summary>
    public TrainedModel? LightGbm { get; init; }

    /// <summary>The scorecard, when learn fitted one (MODEL_KIND scorecard).</summary>
    public ScorecardModel? Scorecard { get; init; }

    /// <summary>The scorecard's binning: every characteristic's bins, IV and why it was or was not selected (MODEL_KIND scorecard).</summary>
    public BinningProcess? Binning { get; init; }
    public required string ModelPath { get; init; }
    public required EvaluationReport Evaluation { get; init; }
    public required DateOnly ValidationFrom { get; init; }
    public required DateOnly ValidationTo { get; init; }
    public required ScoreBands Bands { get; init; }

    /// <summary>The score stage alone, on the validation rows no screening rule decided: what the bands were derived on.</summary>
    public required BandReport BandReport { get; init; }

    /// <summary>The whole policy (rules, then bands) on all validation rows.</summary>
    public required BandReport DecisionReport { get; init; }

    /// <summary>The validation rows (the most recent matured weeks) as read from the feature table.</summary>
    public required DataFrame Validation { get; init; }
    public required double[] ValidationScores { get; init; }
    public required bool[] ValidationDefaulted { get; init; }
    public required DecisionOutcome[] ValidationDecisions { get; init; }

    /// <summary>The training rows as read, for the drift reference.</summary>
    public required DataFrame Training { get; init; }
    public required double BaseRate { get; init; }

    /// <summary>
    /// The validation AUC of a deliberately simple model (<see cref="LightGbmParameters.Reference"/>: trees of 4
    /// leaves) fitted on the same training rows: what the quality gate holds the model against when its train AUC runs
    /// far ahead of its validation AUC. Fitted on first use (a few seconds at most), then kept. The same yardstick
    /// serves a scorecard: a scorecard whose validation AUC trails a 4-leaf model while its train AUC runs ahead has
    /// fitted its bins to the training rows.
    /// </summary>
    public double ReferenceAuc => _reference.Value;

    private readonly Lazy<double> _reference = new(() => double.NaN);

    internal Func<double> ReferenceFit
    {
        init => _reference = new Lazy<double>(value);
    }

    /// <summary>What the registry and the run store keep; a scorecard adds how many characteristics it scores.</summary>
    public IReadOnlyDictionary<string, double> Metrics
    {
        get
        {
            var metrics = new Dictionary<string, double>(Bands.ToMetrics())
            {
                ["auc"] = Evaluation.TestAuc,
                ["train_auc"] = Evaluation.TrainAuc,
                ["auc_gap"] = Evaluation.AucGap,
                ["gini"] = Evaluation.Gini,
                ["ks"] = Evaluation.KolmogorovSmirnov,
                ["train_rows"] = Evaluation.TrainRows,
                ["validation_rows"] = Evaluation.TestRows,
                ["rounds"] = LightGbm?.Rounds ?? 0,
                ["base_rate"] = BaseRate,
                ["approve_accuracy"] = BandReport.Bands.Single(b => b.Band == DecisionOutcome.Approve).Accuracy ?? double.NaN,
                ["approve_share"] = BandReport.Bands.Single(b => b.Band == DecisionOutcome.Approve).Coverage,
                ["reject_accuracy"] = BandReport.Bands.Single(b => b.Band == DecisionOutcome.Reject).Accuracy ?? double.NaN,
                ["reject_share"] = BandReport.Bands.Single(b => b.Band == DecisionOutcome.Reject).Coverage,
                ["automated_share"] = DecisionReport.AutomatedShare,
                ["automated_accuracy"] = DecisionReport.AutomatedAccuracy,
            };
            if (Scorecard is { } scorecard) metrics["characteristics"] = scorecard.Card.Characteristics.Count;
            return metrics;
        }
    }
}

/// <summary>
/// The trial's <c>learn</c> block: LightGBM (or, with <c>MODEL_KIND scorecard</c>, a points scorecard) on the
/// accumulated feature table, validated out of time on the most recent matured weeks, with the decision bands derived
/// (or taken) on that validation data.
/// </summary>
public static class Learner
{
    /// <summary>Columns of the feature table that are not model inputs.</summary>
    public static readonly IReadOnlyList<string> NotFeatures = [Accumulator.ApplicationDateColumn, FeatureEngineering.FlagsColumn];

    /// <param name="parameters">LightGBM's parameters; when null, <see cref="LightGbmParameters.ForRows"/> of the training rows. A scorecard ignores them.</param>
    /// <param name="modelPath">Where the model is saved: a model zip for LightGBM, a scorecard YAML for a scorecard (<see cref="TrialPaths.ModelFor"/>).</param>
    /// <param name="modelKind">lightgbm or scorecard (<see cref="TrialModelKind"/>).</param>
    public static LearnResult Learn(string featuresPath, TableSchema schema, LightGbmParameters? parameters, DecisionPolicy policy,
        string modelPath, int validationWeeks = 1, int seed = 42, Action<string>? progress = null, string modelKind = ModelKinds.LightGbm)
    {
        var kind = TrialModelKind.Check(modelKind);
        var target = schema.TargetColumn ?? throw new UserFacingException("the schema names no target column");
        var data = CsvTableLoader.Load(featuresPath, schema, strict: false);
        if (!data.Columns.Any(c => c.Name == Accumulator.ApplicationDateColumn))
            throw new UserFacingException($"{featuresPath} has no {Accumulator.ApplicationDateColumn} column: build it with feature_engineering from accumulated data");
        var dates = ColumnValues.Texts(data.Columns[Accumulator.ApplicationDateColumn])
            .Select((t, i) => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : throw new UserFacingException($"{featuresPath} row {i + 1}: {Accumulator.ApplicationDateColumn} '{t}' is not a date like 2021-01-31"))
            .ToArray();
        var last = dates.Max();
        var from = last.AddDays(-7 * validationWeeks + 1);
        var holdout = dates.Select(d => d >= from).ToArray();
        if (holdout.All(h => h))
            throw new UserFacingException($"all {dates.Length:N0} training rows fall in the last {validationWeeks} week(s) (from {from:yyyy-MM-dd}): accumulate more days before learning");

        var ignore = new List<string>(NotFeatures);
        if (schema.IdColumn is { } id) ignore.Add(id);
        var positive = schema.PositiveLabel ?? "1";
        var validation = data.Filter(new PrimitiveDataFrameColumn<bool>("holdout", holdout));
        var training = data.Filter(new PrimitiveDataFrameColumn<bool>("train", holdout.Select(h => !h)));

        IScoringModel model;
        TrainedModel? lightGbm = null;
        ScorecardModel? scorecard = null;
        BinningProcess? binning = null;
        EvaluationReport evaluation;
        double positiveRate;
        Func<double> reference;
        if (kind == ModelKinds.Scorecard)
        {
            (scorecard, binning, evaluation, positiveRate) = ScorecardLearner.Fit(training, validation, target, positive, schema, ignore, seed, progress);
            scorecard.Save(modelPath);
            model = scorecard;
            reference = () =>
            {
                var experiment = Experiment.Setup(data, target, positive, ignore, seed, folds: 2, holdout: holdout);
                return experiment.TestAuc(LightGbmParameters.Reference(experiment.TrainCount));
            };
        }
        else
        {
            var experiment = Experiment.Setup(data, target, positive, ignore, seed, folds: 2, holdout: holdout, progress: progress);
            var trees = experiment.CreateModel("lightgbm", parameters);
            var treesEvaluation = experiment.Evaluate(trees);
            var simple = LightGbmParameters.Reference(experiment.TrainCount);
            trees.Save(modelPath);
            (model, lightGbm, evaluation, positiveRate) = (trees, trees, treesEvaluation, experiment.PositiveRate);
            reference = () => trees.Parameters == simple ? treesEvaluation.TestAuc : experiment.TestAuc(simple);
        }

        var scores = model.Predict(validation);
        var defaulted = TargetVector.From(validation, target, schema.PositiveLabel ?? "1", featuresPath).IsPositive;
        // Bands are derived on the rows the screening rules leave to the score (which rows those are does not depend on the bands).
        var ruled = DecideAll(validation, scores, policy, new ScoreBands(0, 1));
        var byScore = Enumerable.Range(0, scores.Length).Where(i => !ruled[i].DecidedByRule).ToList();
        var bands = policy.ResolveBands(byScore.Select(i => scores[i]).ToList(), byScore.Select(i => defaulted[i]).ToList());
        var decided = DecideAll(validation, scores, policy, bands);
        var decisions = decided.Select(d => d.Outcome).ToArray();
        return new LearnResult
        {
            Model = model,
            LightGbm = lightGbm,
            Scorecard = scorecard,
            Binning = binning,
            ModelPath = Path.GetFullPath(modelPath),
            Evaluation = evaluation,
            ValidationFrom = from,
            ValidationTo = last,
            Bands = bands,
            BandReport = BandReport.Compute(byScore.Select(i => decisions[i]).ToList(), byScore.Select(i => defaulted[i]).ToList()),
            DecisionReport = BandReport.Compute(decisions, defaulted),
            Validation = validation,
            ValidationScores = scores,
            ValidationDefaulted = defaulted,
            ValidationDecisions = decisions,
            Training = training,
            BaseRate = defaulted.Length == 0 ? 0 : positiveRate,
            ReferenceFit = reference,
        };
    }

    /// <summary>The policy's decision for every row of <paramref name="data"/>.</summary>
    public static DecisionOutcome[] Decide(DataFrame data, IReadOnlyList<double> scores, DecisionPolicy policy, ScoreBands bands) =>
        DecideAll(data, scores, policy, bands).Select(d => d.Outcome).ToArray();

    public static Decision[] DecideAll(DataFrame data, IReadOnlyList<double> scores, DecisionPolicy policy, ScoreBands bands)
    {
        var columns = policy.RequiredColumns().Where(c => data.Columns.Any(d => d.Name == c))
            .ToDictionary(c => c, c => ColumnValues.IsNumeric(data.Columns[c])
                ? ColumnValues.Numbers(data.Columns[c]).Select(v => (object?)v).ToArray()
                : ColumnValues.Texts(data.Columns[c]).Select(v => (object?)v).ToArray());
        var missing = policy.RequiredColumns().Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"the decision policy's rules read column(s) the data lacks: {NameList.Shorten(missing)}");
        return Enumerable.Range(0, scores.Count)
            .Select(row => policy.Decide(column => columns.TryGetValue(column, out var values) ? values[row] : null, scores[row], bands))
            .ToArray();
    }
}
