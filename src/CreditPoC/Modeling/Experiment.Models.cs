using System.Diagnostics;
using System.Globalization;
using CreditPoC.Metrics;
using CreditPoC.Scorecards;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace CreditPoC.Modeling;

public sealed partial class Experiment
{
    /// <summary>Share of a training part held back for LightGBM's early stopping.</summary>
    internal const double EarlyStoppingShare = 0.2;

    /// <summary>
    /// Ranks model families by stratified k-fold cross-validation on the training part. Each fold fits the
    /// preprocessing and the trainer on the other folds only; LightGBM stops early on a validation split carved
    /// from those folds. AUC comes from raw scores, so uncalibrated trainers (SVM, forest) are ranked fairly.
    /// Folds run <see cref="Workers"/> at a time side by side (each fit with its own seeded context), so the
    /// leaderboard is the same for any number of workers; progress comes in model and fold order.
    /// </summary>
    /// <param name="include">Model ids (lr, dt, rf, svm, lightgbm, scorecard); the five families when null.</param>
    /// <param name="sortBy">AUC, Accuracy, Recall, Precision, F1, Kappa, MCC or TrainSeconds.</param>
    /// <param name="lightGbm">LightGBM's parameters; by default <see cref="LightGbmParameters.ForRows"/> of the rows each fold fits on.</param>
    /// <param name="scorecard">The scorecard's binning and selection settings (when <c>include</c> names scorecard); the defaults when null.</param>
    public Leaderboard CompareModels(IEnumerable<string>? include = null, string sortBy = "AUC", LightGbmParameters? lightGbm = null,
        BinningProcessOptions? scorecard = null)
    {
        var specs = Resolve(include);
        Leaderboard.NormalizeMetric(sortBy);
        lightGbm = lightGbm?.Validated("lightGbm");
        var jobs = specs.SelectMany(spec => Enumerable.Range(0, Folds).Select(fold => (Spec: spec, Fold: fold))).ToArray();
        var results = OrderedParallel.Run(jobs.Length, Workers, i => jobs[i].Spec.Id == ModelCatalog.Scorecard.Id
            ? FitScorecardFold(jobs[i].Fold, scorecard)
            : FitFold(jobs[i].Spec, jobs[i].Fold, lightGbm), (i, fold) =>
        {
            var (spec, number) = jobs[i];
            Report($"{spec.Id}: fold {number + 1}/{Folds} AUC {fold.Result.Auc.ToString("F4", CultureInfo.InvariantCulture)} " +
                   $"({fold.Result.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)");
            if (Workers > 1) ReleaseMemory();
        });
        var rows = new List<LeaderboardRow>();
        for (var s = 0; s < specs.Count; s++)
        {
            var spec = specs[s];
            var folds = results.Skip(s * Folds).Take(Folds).ToList();
            var row = new LeaderboardRow(spec.Id, spec.Name, folds.Select(f => f.Result).ToList(),
                BinaryMetrics.RocCurve(folds.SelectMany(f => f.Scores).ToList(), folds.SelectMany(f => f.Labels).ToList()));
            rows.Add(row);
            Report($"{spec.Id}: AUC {row.Auc}");
        }
        return new Leaderboard(rows, sortBy, Folds, TrainCount);
    }

    /// <summary>Fits one model family on all folds but one and scores the held-out fold.</summary>
    private (FoldResult Result, float[] Scores, bool[] Labels) FitFold(ModelSpec spec, int fold, LightGbmParameters? lightGbm)
    {
        var (fit, held) = FoldRows(fold);
        var watch = Stopwatch.StartNew();
        if (spec.Id == "lightgbm") return FitNativeFold(fold, fit, held, lightGbm ?? LightGbmParameters.ForRows(fit.Length), watch);
        var result = FitOn(spec, fit, lightGbm ?? LightGbmParameters.ForRows(fit.Length), seedOffset: fold, full: false);
        var seconds = watch.Elapsed.TotalSeconds;
        var output = result.Predictor.Transform(result.Preprocessor.Transform(Table.View(held)));
        var scores = output.GetColumn<float>("Score").ToArray();
        var predicted = output.GetColumn<bool>("PredictedLabel").ToArray();
        var labels = held.Select(r => Table.Labels![r]).ToArray();
        var auc = RocAuc.Compute(scores, labels);
        return (new FoldResult(fold, auc, ConfusionMatrix.From(predicted, labels), seconds, result.Rounds), scores, labels);
    }

    private (FoldResult Result, float[] Scores, bool[] Labels) FitNativeFold(int fold, int[] fit, int[] held, LightGbmParameters parameters, Stopwatch watch)
    {
        var (model, _) = FitNativeLightGbm(fit, parameters, seedOffset: fold, threads: Settings.Threads);
        using (model)
        {
            var seconds = watch.Elapsed.TotalSeconds;
            var scores = model.RawScores(NativeMatrix(held), Settings.Threads).Select(s => (float)s).ToArray();
            var labels = held.Select(r => Table.Labels![r]).ToArray();
            var auc = RocAuc.Compute(scores, labels);
            return (new FoldResult(fold, auc, ConfusionMatrix.From(scores.Select(s => s > 0).ToArray(), labels), seconds, model.Rounds), scores, labels);
        }
    }

    /// <summary>
    /// Fits one model family on the whole training part (LightGBM: early stopping on a stratified 20% of it) and
    /// returns the full model: preprocessing, trainer, calibrator where needed, feature contributions.
    /// </summary>
    /// <param name="model">lr, dt, rf, svm or lightgbm.</param>
    /// <param name="parameters">LightGBM parameters (by default <see cref="LightGbmParameters.ForRows"/> of the training part's rows); must be null for other models.</param>
    public TrainedModel CreateModel(string model, LightGbmParameters? parameters = null)
    {
        var spec = ModelCatalog.Get(model);
        if (spec == ModelCatalog.Scorecard)
            throw new UserFacingException("CreateModel fits the ML.NET model families; for the scorecard call CreateScorecard");
        if (parameters is not null && spec.Id != "lightgbm")
            throw new UserFacingException($"parameters are only supported for lightgbm, not for '{spec.Id}'");
        return CreateModel(spec, parameters?.Validated("parameters") ?? LightGbmParameters.ForRows(TrainCount), Plan);
    }

    internal TrainedModel CreateModel(ModelSpec spec, LightGbmParameters parameters, FeaturePlan plan)
    {
        var watch = Stopwatch.StartNew();
        if (spec.Id == "lightgbm") return CreateNativeLightGbm(parameters, plan, watch);
        var fit = FitOn(spec, TrainRows, parameters, seedOffset: 0, full: true, plan);
        var chain = fit.FullChain();
        var slots = FeatureSlots.Map(fit.FeaturesSchema, plan);
        var gain = fit.GainWeights is null ? null : Shares(FeatureSlots.Aggregate(slots, fit.GainWeights));
        var metadata = new ModelMetadata
        {
            Model = spec.Id, Target = Target, PositiveLabel = PositiveLabel, Plan = plan,
            Parameters = spec.Id == "lightgbm" ? parameters : null, Rounds = fit.Rounds, TrainRows = TrainCount,
            Seed = Seed, GainImportance = gain, PredictorIndex = chain.Count() - 1 - (fit.Calibrator is null ? 0 : 1) - 1,
        };
        Report($"{spec.Id}: fitted on {TrainCount:N0} rows in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s" +
               (fit.Rounds is { } r ? $" ({r} trees)" : ""));
        return new TrainedModel(chain, metadata);
    }

    /// <summary>LightGBM through its C API on the whole training part (early stopping on a stratified 20% of it): the trees as LightGBM's model text.</summary>
    private TrainedModel CreateNativeLightGbm(LightGbmParameters parameters, FeaturePlan plan, Stopwatch watch)
    {
        var (fit, features) = FitNativeLightGbm(TrainRows, parameters, seedOffset: 0, plan);
        using (fit)
        {
            var gain = fit.Booster.GainImportance(fit.Rounds);
            var metadata = new ModelMetadata
            {
                Model = "lightgbm", Target = Target, PositiveLabel = PositiveLabel, Plan = plan, Parameters = parameters, Rounds = fit.Rounds,
                TrainRows = TrainCount, Seed = Seed, GainImportance = Shares(features.Names.Select((name, i) => (name, gain[i])).ToDictionary(x => x.name, x => x.Item2)),
            };
            Report($"lightgbm: fitted on {TrainCount:N0} rows in {watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s ({fit.Rounds} trees)");
            return new TrainedModel(new NativeLightGbmModel(features, fit.ModelText()), metadata);
        }
    }

    /// <summary>Fits an ML.NET model family on the given rows (LightGBM goes through <see cref="FitNativeLightGbm"/>).</summary>
    internal FitResult FitOn(ModelSpec spec, int[] rows, LightGbmParameters parameters, int seedOffset, bool full, FeaturePlan? plan = null)
    {
        plan ??= Plan;
        if (spec.Id == "lightgbm") throw new InvalidOperationException("LightGBM is fitted through its C API (FitNativeLightGbm)");
        return ModelFitter.Fit(spec, plan, Table.View(rows, plan.InputColumns), Seed + seedOffset, Settings.Threads, full);
    }

    /// <summary>
    /// The test split's AUC of a LightGBM model fitted on the training part and then dropped (no calibrator, no
    /// contributions): a quick reference to judge another model against, such as the quality gate's simple model.
    /// </summary>
    internal double TestAuc(LightGbmParameters parameters)
    {
        var (fit, _) = FitNativeLightGbm(TrainRows, parameters.Validated("parameters"), seedOffset: 0);
        using (fit)
            return RocAuc.Compute(fit.RawScores(NativeMatrix(TestRows), LightGbmThreads), TestRows.Select(r => Table.Labels![r]).ToArray());
    }

    internal bool HasBothClasses(int[] rows) => rows.Any(r => Table.Labels![r]) && rows.Any(r => !Table.Labels![r]);

    private static List<ModelSpec> Resolve(IEnumerable<string>? include)
    {
        var ids = include?.ToList() ?? ModelCatalog.Ids.ToList();
        if (ids.Count == 0) throw new UserFacingException($"include is empty; name at least one model of: {string.Join(", ", ModelCatalog.ComparableIds)}");
        var unknown = ids.Where(id => !ModelCatalog.ComparableIds.Contains(id?.Trim().ToLowerInvariant() ?? "")).ToList();
        if (unknown.Count > 0)
            throw new UserFacingException($"unknown model{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} in include; known models are: {string.Join(", ", ModelCatalog.ComparableIds)}");
        return ids.Select(ModelCatalog.Get).DistinctBy(s => s.Id).ToList();
    }

    private static Dictionary<string, double> Shares(Dictionary<string, double> values)
    {
        var total = values.Values.Sum();
        return values.ToDictionary(kv => kv.Key, kv => total > 0 ? kv.Value / total : 0);
    }
}
