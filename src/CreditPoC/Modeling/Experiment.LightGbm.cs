namespace CreditPoC.Modeling;

public sealed partial class Experiment
{
    private readonly Lock _nativeLock = new();
    private LightGbmFeatures? _nativeFeatures;
    private LightGbmTrainingData? _nativeData;

    /// <summary>
    /// Threads of a LightGBM fit that runs alone (CreateModel, TuneModel's trials, the gate's reference): all the
    /// experiment's cores, <see cref="ExperimentSettings.Threads"/> × <see cref="Workers"/>. CompareModels' folds run
    /// <see cref="Workers"/> side by side with <see cref="ExperimentSettings.Threads"/> each. LightGBM's deterministic
    /// mode gives the same model for the same seed, data and thread count.
    /// </summary>
    internal int LightGbmThreads => Settings.Threads * Workers;

    /// <summary>The columns LightGBM sees for this experiment's plan.</summary>
    internal LightGbmFeatures NativeFeatures
    {
        get
        {
            lock (_nativeLock) return _nativeFeatures ??= new LightGbmFeatures(Plan);
        }
    }

    /// <summary>The given rows of the experiment's table in LightGBM's layout.</summary>
    internal FeatureMatrix NativeMatrix(IReadOnlyList<int> rows) => NativeFeatures.Build(Table, rows);

    /// <summary>The training part binned once for LightGBM (made on first use, kept for the experiment's life).</summary>
    internal LightGbmTrainingData NativeTrainingData
    {
        get
        {
            lock (_nativeLock)
            {
                _nativeFeatures ??= new LightGbmFeatures(Plan);
                return _nativeData ??= LightGbmTrainingData.Create(Table, TrainRows, _nativeFeatures, Seed, Settings.Threads);
            }
        }
    }

    /// <summary>
    /// Fits LightGBM on the given training rows through its C API, with early stopping on a stratified validation
    /// split of them (as <see cref="FitOn"/> does for every family), on subsets of the training part binned once. A
    /// plan other than the experiment's (SelectTopFeatures) bins its rows for this fit only.
    /// </summary>
    internal (LightGbmFit Fit, LightGbmFeatures Features) FitNativeLightGbm(int[] rows, LightGbmParameters parameters, int seedOffset,
        FeaturePlan? plan = null, int? threads = null)
    {
        var fitThreads = threads ?? LightGbmThreads;
        var ownData = plan is not null && !ReferenceEquals(plan, Plan);
        var data = ownData ? LightGbmTrainingData.Create(Table, rows, new LightGbmFeatures(plan!), Seed, Settings.Threads) : NativeTrainingData;
        try
        {
            var (fit, validation) = EarlyStoppingSplit(rows, seedOffset);
            if (!HasBothClasses(validation))
            {
                Report("lightgbm: too few positive or negative rows for an early-stopping split; using 100 rounds");
                using var all = data.Subset(rows);
                return (LightGbmTraining.Train(all, null, parameters with { NumBoostRound = 100 }, Seed + seedOffset, fitThreads), data.Features);
            }
            using var fitData = data.Subset(fit);
            using var validationData = data.Subset(validation);
            return (LightGbmTraining.Train(fitData, validationData, parameters, Seed + seedOffset, fitThreads), data.Features);
        }
        finally
        {
            if (ownData) data.Dispose();
        }
    }
}
