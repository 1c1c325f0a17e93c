using CreditPoC.Metrics;
using CreditPoC.Modeling;
using CreditPoC.Scorecards;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Trial;

/// <summary>
/// <c>learn</c> with <c>MODEL_KIND scorecard</c>: binning (<see cref="BinningProcess"/>: IV selection, correlated
/// pairs dropped) and a points scorecard (<see cref="Scorecard"/>) fitted on the training rows only, and evaluated on
/// the training and the out-of-time validation rows as <see cref="Experiment.Evaluate"/> evaluates LightGBM.
/// </summary>
internal static class ScorecardLearner
{
    public static (ScorecardModel Model, BinningProcess Binning, EvaluationReport Evaluation, double PositiveRate) Fit(
        DataFrame training, DataFrame validation, string target, string positiveLabel, Loading.TableSchema schema,
        IReadOnlyList<string> ignore, int seed, Action<string>? progress)
    {
        progress?.Invoke($"scorecard: binning {training.Columns.Count - ignore.Count - 1:N0} columns on {training.Rows.Count:N0} training rows");
        var rate = TargetVector.From(training, target, positiveLabel).IsPositive.Count(p => p) / (double)Math.Max(1, training.Rows.Count);
        var binning = BinningProcess.Fit(training, target, positiveLabel, schema,
            new BinningProcessOptions { Exclude = ignore, Binning = BinningOptions.ForRows((int)training.Rows.Count, rate) });
        var selected = binning.Selected;
        if (selected.Count == 0)
            throw new UserFacingException($"no characteristic reached the minimum IV on {training.Rows.Count:N0} training rows: a scorecard needs at least one; accumulate more days or learn LightGBM");
        var card = Scorecard.Fit(training, target, positiveLabel, selected, seed: seed);
        progress?.Invoke($"scorecard: {card.Characteristics.Count} characteristics" +
                         (card.DroppedForSign.Count > 0 ? $" ({card.DroppedForSign.Count} dropped for a wrong sign)" : ""));
        var model = new ScorecardModel(card);
        var trainLabels = TargetVector.From(training, target, positiveLabel);
        var evaluation = Evaluate(model, training, trainLabels, validation, TargetVector.From(validation, target, positiveLabel));
        var known = trainLabels.Labels.Count(l => l >= 0);
        return (model, binning, evaluation, known == 0 ? 0 : trainLabels.Positives / (double)known);
    }

    /// <summary>The same measures as <see cref="Experiment.Evaluate"/>, on the rows whose outcome is known.</summary>
    private static EvaluationReport Evaluate(IScoringModel model, DataFrame training, TargetVector trainLabels, DataFrame validation, TargetVector testLabels,
        double threshold = 0.5)
    {
        var trainScores = model.Predict(training);
        var testScores = model.Predict(validation);
        var (trainProbabilities, trainPositive) = Known(trainScores, trainLabels);
        var (testProbabilities, testPositive) = Known(testScores, testLabels);
        var (ks, ksAt) = BinaryMetrics.KolmogorovSmirnov(testProbabilities, testPositive);
        return new EvaluationReport
        {
            Model = model.Kind,
            // On the unrounded probabilities, as Experiment.Evaluate computes AUC on the raw scores: a float would tie close scores.
            TrainAuc = RocAuc.Compute(Exact(trainScores, trainLabels), trainPositive),
            TestAuc = RocAuc.Compute(Exact(testScores, testLabels), testPositive),
            KolmogorovSmirnov = ks,
            KsThreshold = ksAt,
            RocTrain = BinaryMetrics.RocCurve(trainProbabilities, trainPositive),
            RocTest = BinaryMetrics.RocCurve(testProbabilities, testPositive),
            PrTest = BinaryMetrics.PrCurve(testProbabilities, testPositive),
            Threshold = threshold,
            Confusion = ConfusionMatrix.From(testProbabilities.Select(p => p >= threshold).ToArray(), testPositive),
            Calibration = BinaryMetrics.Calibration(testProbabilities, testPositive),
            TrainRows = trainPositive.Length,
            TestRows = testPositive.Length,
        };
    }

    private static double[] Exact(double[] probabilities, TargetVector labels) => probabilities.Where((_, r) => labels.HasValue[r]).ToArray();

    private static (float[] Probabilities, bool[] Positive) Known(double[] probabilities, TargetVector labels)
    {
        var rows = Enumerable.Range(0, probabilities.Length).Where(r => labels.HasValue[r]).ToArray();
        return (rows.Select(r => (float)probabilities[r]).ToArray(), rows.Select(r => labels.IsPositive[r]).ToArray());
    }
}
