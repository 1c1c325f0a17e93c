using System.Diagnostics;
using System.Globalization;
using CreditPoC.Modeling.Tuning;
using Microsoft.ML.Data;

namespace CreditPoC.Modeling;

public sealed partial class Experiment
{
    /// <summary>
    /// Tunes LightGBM: each trial fits on 80% of the training part with early stopping on the other 20% (stratified,
    /// seeded) and is scored by AUC on that validation split — never on the rows it was fitted on, and never on the
    /// test split. The best parameters are refitted the same way (identical to their trial) as the best model.
    /// </summary>
    /// <param name="model">Only "lightgbm" is tunable.</param>
    /// <param name="trials">Number of trials (at least 1).</param>
    /// <param name="timeout">No new trial starts after this much time (at least one trial always runs).</param>
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

        var (fitRows, validationRows) = EarlyStoppingSplit(TrainRows);
        if (!HasBothClasses(validationRows))
            throw new UserFacingException($"too few rows to tune: the validation split ({validationRows.Length} rows) needs positive and negative rows; use more data");
        var validationLabels = validationRows.Select(r => Table.Labels![r]).ToArray();
        var random = new Random(Seed);
        var history = new List<ScoredPoint>();
        var records = new List<TrialRecord>();
        var clock = Stopwatch.StartNew();
        var stoppedByTimeout = false;
        Report($"TuneModel: {trials} trials of {sampler.Name} search; fit on {fitRows.Length:N0} rows, validate on {validationRows.Length:N0}");
        for (var t = 1; t <= trials; t++)
        {
            if (timeout is { } limit && t > 1 && clock.Elapsed > limit)
            {
                stoppedByTimeout = true;
                Report($"TuneModel: timeout of {limit} reached after {t - 1} trials");
                break;
            }
            var point = sampler.Suggest(space, history, random);
            var parameters = LightGbmParameters.FromPoint(point);
            var watch = Stopwatch.StartNew();
            var fit = ModelFitter.Fit(spec, Plan, Table.View(fitRows, Plan.InputColumns), Table.View(validationRows, Plan.InputColumns),
                parameters, Seed, Settings.Threads, full: false);
            var scores = fit.Predictor.Transform(fit.Preprocessor.Transform(Table.View(validationRows, Plan.InputColumns)))
                .GetColumn<float>("Score").ToArray();
            var auc = BinaryMetrics.Auc(scores, validationLabels);
            history.Add(new ScoredPoint(point, auc));
            var bestSoFar = history.Max(h => double.IsFinite(h.Score) ? h.Score : double.MinValue);
            records.Add(new TrialRecord(t, point, auc, fit.Rounds ?? 0, watch.Elapsed.TotalSeconds, bestSoFar));
            Report($"trial {t}/{trials}: validation AUC {auc.ToString("F4", CultureInfo.InvariantCulture)} (best {bestSoFar.ToString("F4", CultureInfo.InvariantCulture)}), " +
                   $"{fit.Rounds} rounds, {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        }
        var best = records.OrderByDescending(r => r.ValidationAuc).ThenBy(r => r.Number).First();
        var bestParameters = LightGbmParameters.FromPoint(best.Parameters);
        var bestModel = CreateModel(spec, bestParameters, Plan);
        return new TuningResult(sampler.Name, space, records, bestParameters, bestModel, fitRows.Length, validationRows.Length, stoppedByTimeout);
    }

    /// <summary>The split of training rows LightGBM uses for early stopping, the same in CreateModel and TuneModel.</summary>
    internal (int[] Fit, int[] Validation) EarlyStoppingSplit(int[] rows, int seedOffset = 0)
    {
        var (fit, validation) = StratifiedSplitter.Split(rows, Table.Labels!, EarlyStoppingShare, Seed + 100 + seedOffset);
        return (fit, validation);
    }
}
