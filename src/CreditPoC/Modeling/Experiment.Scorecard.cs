using System.Diagnostics;
using System.Globalization;
using CreditPoC.Loading;
using CreditPoC.Metrics;
using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>A scorecard fitted on an experiment's training part: the binning and selection, and the card.</summary>
public sealed record ScorecardFit(BinningProcess Binning, Scorecard Card);

public sealed partial class Experiment
{
    /// <summary>The positive value of the boolean target column of <see cref="TrainData"/> and <see cref="TestData"/> read as text (true is "1").</summary>
    private const string FrameTrue = "1";

    /// <summary>
    /// Fits the scorecard on the training part: every characteristic (and the credit ratios, see
    /// <see cref="ScorecardCharacteristics"/>) binned on the training rows only, chosen by IV and correlation, then the
    /// regression on WoE. <paramref name="schema"/> gives special values (their own bins) and leaves out columns known
    /// only after the application.
    /// </summary>
    public ScorecardFit CreateScorecard(BinningProcessOptions? options = null, TableSchema? schema = null, PointsScale? scale = null)
    {
        var watch = Stopwatch.StartNew();
        var fit = FitScorecard(TrainRows, options, schema, scale, seedOffset: 0);
        Report($"scorecard: {fit.Card.Characteristics.Count} characteristics of {fit.Binning.Characteristics.Count}, fitted on {TrainCount:N0} rows " +
               $"in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        return fit;
    }

    /// <summary>The training part as the scorecard sees it: <see cref="TrainData"/> with the credit ratios added.</summary>
    public DataFrame ScorecardTrainData() => ScorecardCharacteristics.WithRatios(TrainData());

    /// <summary>The test split as the scorecard sees it: <see cref="TestData"/> with the credit ratios added.</summary>
    public DataFrame ScorecardTestData() => ScorecardCharacteristics.WithRatios(TestData());

    /// <summary>The scorecard's evaluation on the training part and the test split, as <see cref="Evaluate(TrainedModel, double)"/> gives for a model.</summary>
    public EvaluationReport EvaluateScorecard(Scorecard card, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (threshold is < 0 or > 1) throw new UserFacingException($"threshold must be a probability in [0, 1] (got {threshold})");
        var train = card.Probabilities(ScorecardTrainData()).Select(p => (float)p).ToArray();
        var test = card.Probabilities(ScorecardTestData()).Select(p => (float)p).ToArray();
        var trainLabels = TrainRows.Select(r => Table.Labels![r]).ToArray();
        var testLabels = TestRows.Select(r => Table.Labels![r]).ToArray();
        var (ks, ksAt) = BinaryMetrics.KolmogorovSmirnov(test, testLabels);
        return new EvaluationReport
        {
            Model = ModelCatalog.Scorecard.Id,
            TrainAuc = RocAuc.Compute(train, trainLabels),
            TestAuc = RocAuc.Compute(test, testLabels),
            KolmogorovSmirnov = ks,
            KsThreshold = ksAt,
            RocTrain = BinaryMetrics.RocCurve(train, trainLabels),
            RocTest = BinaryMetrics.RocCurve(test, testLabels),
            PrTest = BinaryMetrics.PrCurve(test, testLabels),
            Threshold = threshold,
            Confusion = ConfusionMatrix.From(test.Select(p => p >= threshold).ToArray(), testLabels),
            Calibration = BinaryMetrics.Calibration(test, testLabels),
            TrainRows = TrainRows.Length,
            TestRows = TestRows.Length,
        };
    }

    /// <summary>One fold of CompareModels for the scorecard: binning, selection and regression see the other folds only.</summary>
    private (FoldResult Result, float[] Scores, bool[] Labels) FitScorecardFold(int fold, BinningProcessOptions? options)
    {
        var (fit, held) = FoldRows(fold);
        var watch = Stopwatch.StartNew();
        var card = FitScorecard(fit, options, schema: null, scale: null, seedOffset: fold).Card;
        var seconds = watch.Elapsed.TotalSeconds;
        var scores = card.Probabilities(ScorecardCharacteristics.WithRatios(Frame(held))).Select(p => (float)p).ToArray();
        var labels = held.Select(r => Table.Labels![r]).ToArray();
        var auc = RocAuc.Compute(scores, labels);
        return (new FoldResult(fold, auc, ConfusionMatrix.From(scores.Select(p => p >= 0.5f).ToArray(), labels), seconds, null), scores, labels);
    }

    private ScorecardFit FitScorecard(int[] rows, BinningProcessOptions? options, TableSchema? schema, PointsScale? scale, int seedOffset)
    {
        var data = ScorecardCharacteristics.WithRatios(Frame(rows));
        options ??= new BinningProcessOptions { Binning = BinningOptions.ForRows(rows.Length, rows.Count(r => Table.Labels![r]) / (double)Math.Max(1, rows.Length)) };
        var binning = BinningProcess.Fit(data, Target, FrameTrue, schema, options);
        var selected = binning.Selected;
        if (selected.Count == 0 && binning.Characteristics.FirstOrDefault(c => c.Bins.Count > 1) is { } strongest)
        {
            // Nothing reached the minimum IV (a weak target, or a fold of few rows): a one-characteristic card still
            // ranks, where stopping would leave the fold without a score.
            Report($"scorecard: no characteristic reached the minimum IV; using the strongest, {strongest.Name} (IV {strongest.Iv.ToString("F4", CultureInfo.InvariantCulture)})");
            selected = [strongest];
        }
        var card = Scorecard.Fit(data, Target, FrameTrue, selected, scale, seed: Seed + seedOffset);
        return new ScorecardFit(binning, card);
    }

    /// <summary>The training rows a fold fits on and the rows it holds out.</summary>
    private (int[] Fit, int[] Held) FoldRows(int fold) => (
        Enumerable.Range(0, TrainRows.Length).Where(i => FoldOfTrainRow[i] != fold).Select(i => TrainRows[i]).ToArray(),
        Enumerable.Range(0, TrainRows.Length).Where(i => FoldOfTrainRow[i] == fold).Select(i => TrainRows[i]).ToArray());
}
