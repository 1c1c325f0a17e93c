using System.Diagnostics;
using System.Globalization;
using CreditPoC.Metrics;
using CreditPoC.Modeling.Tuning;

namespace CreditPoC.Modeling;

public sealed partial class Experiment
{
    /// <summary>
    /// Tunes LightGBM: each trial fits on 80% of the training part with early stopping on the other 20% (stratified,
    /// seeded) and is scored by AUC on that validation split — never on the rows it was fitted on, and never on the
    /// test split. The best parameters are refitted the same way (identical to their trial) as the best model.
    /// Trials run one after another, each with all the experiment's cores (<see cref="LightGbmThreads"/>: measured
    /// faster than two single-threaded trials side by side, 102–115 s against 125–152 s for 4 trials on 246,009
    /// rows), and the sampler proposes each point from the trials before it with the seeded random generator, so the
    /// same seed and the same cores give the same trials. The training part is binned once into a LightGBM Dataset
    /// (through LightGBM's C API), and every trial trains on subsets of it that share the bins.
    /// </summary>
    /// <param name="model">Only "lightgbm" is tunable.</param>
    /// <param name="trials">Number of trials (at least 1).</param>
    /// <param name="timeout">No new trial starts after this much time (the first always runs).</param>
    /// <param name="searcher">"tpe" (model-based) or "random".</param>
    /// <param name="space">The search space; the PoC's LightGBM space when null.</param>
    public TuningResult TuneModel(string model = "lightgbm", int trials = 30, TimeSpan? timeout = null, string searcher = "tpe",
        SearchSpace? space = null)
    {
        var spec = ModelCatalog.Get(model);
        if (spec.Id != "lightgbm")
            throw new UserFacingException($"TuneModel supports lightgbm only (got '{spec.Id}')");
        if (trials < 1) throw new UserFacingException($"trials must be at least 1 (got {trials})");
        var sampler = Search.Sampler(searcher);
        space ??= SearchSpace.LightGbm;
        foreach (var p in space.Parameters) LightGbmParameters.FromPoint(new Dictionary<string, double> { [p.Name] = p.Low });

        var clock = Stopwatch.StartNew();
        using var shared = PrepareTrials();
        var (fitRows, validationRows) = (shared.FitRows, shared.ValidationRows);
        var random = new Random(Seed);
        var history = new List<ScoredPoint>();
        var records = new List<TrialRecord>();
        var stoppedByTimeout = false;
        Report($"TuneModel: {trials} trials of {sampler.Name} search, one at a time on {LightGbmThreads} thread{(LightGbmThreads == 1 ? "" : "s")}; fit on {fitRows.Length:N0} rows, " +
               $"validate on {validationRows.Length:N0} (preprocessed once in {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
        for (var first = 1; first <= trials; first++)
        {
            if (timeout is { } limit && first > 1 && clock.Elapsed > limit)
            {
                stoppedByTimeout = true;
                Report($"TuneModel: timeout of {limit} reached after {first - 1} trials");
                break;
            }
            var points = new List<IReadOnlyDictionary<string, double>> { sampler.Suggest(space, history, random) };
            OrderedParallel.Run(points.Count, 1, i => shared.Run(LightGbmParameters.FromPoint(points[i])), (i, trial) =>
            {
                history.Add(new ScoredPoint(points[i], trial.Auc));
                var bestSoFar = history.Max(h => double.IsFinite(h.Score) ? h.Score : double.MinValue);
                var number = first + i;
                records.Add(new TrialRecord(number, points[i], trial.Auc, trial.Rounds, trial.Seconds, bestSoFar));
                Report($"trial {number}/{trials}: validation AUC {trial.Auc.ToString("F4", CultureInfo.InvariantCulture)} (best {bestSoFar.ToString("F4", CultureInfo.InvariantCulture)}), " +
                       $"{trial.Rounds} rounds, {trial.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            });
        }
        var best = records.OrderByDescending(r => r.ValidationAuc).ThenBy(r => r.Number).First();
        var bestParameters = LightGbmParameters.FromPoint(best.Parameters);
        var bestModel = CreateModel(spec, bestParameters, Plan);
        return new TuningResult(sampler.Name, space, records, bestParameters, bestModel, fitRows.Length, validationRows.Length, stoppedByTimeout);
    }

    /// <summary>
    /// Runs the given parameter points exactly as <see cref="TuneModel"/> runs its trials (the same split, the same
    /// binned Dataset, one after another on <see cref="LightGbmThreads"/> threads), in order: to time our trials
    /// against another library's on the same parameters.
    /// </summary>
    internal IReadOnlyList<TrialRecord> ReplayTrials(IReadOnlyList<IReadOnlyDictionary<string, double>> points)
    {
        using var trials = PrepareTrials();
        var records = new List<TrialRecord>();
        var best = double.MinValue;
        OrderedParallel.Run(points.Count, 1, i => trials.Run(LightGbmParameters.FromPoint(points[i])), (i, trial) =>
        {
            best = Math.Max(best, double.IsFinite(trial.Auc) ? trial.Auc : double.MinValue);
            records.Add(new TrialRecord(i + 1, points[i], trial.Auc, trial.Rounds, trial.Seconds, best));
        });
        return records;
    }

    private TuningTrials PrepareTrials()
    {
        var (fitRows, validationRows) = EarlyStoppingSplit(TrainRows);
        if (!HasBothClasses(validationRows))
            throw new UserFacingException($"too few rows to tune: the validation split ({validationRows.Length} rows) needs positive and negative rows; use more data");
        var data = NativeTrainingData;
        return new TuningTrials(this, fitRows, validationRows, data.Subset(fitRows), data.Subset(validationRows), NativeMatrix(validationRows),
            validationRows.Select(r => Table.Labels![r]).ToArray());
    }

    /// <summary>What every trial of a search shares: the fit and validation subsets of the binned training part.</summary>
    private sealed class TuningTrials(Experiment experiment, int[] fitRows, int[] validationRows, LightGbmDataset fit, LightGbmDataset validation,
        FeatureMatrix validationMatrix, bool[] validationLabels) : IDisposable
    {
        public int[] FitRows { get; } = fitRows;
        public int[] ValidationRows { get; } = validationRows;

        public (double Auc, int Rounds, double Seconds) Run(LightGbmParameters parameters)
        {
            var watch = Stopwatch.StartNew();
            using var model = LightGbmTraining.Train(fit, validation, parameters, experiment.Seed, experiment.LightGbmThreads);
            var auc = RocAuc.Compute(model.RawScores(validationMatrix, experiment.LightGbmThreads), validationLabels);
            return (auc, model.Rounds, watch.Elapsed.TotalSeconds);
        }

        public void Dispose()
        {
            fit.Dispose();
            validation.Dispose();
        }
    }

    /// <summary>The split of training rows LightGBM uses for early stopping, the same in CreateModel and TuneModel.</summary>
    internal (int[] Fit, int[] Validation) EarlyStoppingSplit(int[] rows, int seedOffset = 0)
    {
        var (fit, validation) = StratifiedSplitter.Split(rows, Table.Labels!, EarlyStoppingShare, Seed + 100 + seedOffset);
        return (fit, validation);
    }
}
