using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreditPoC.Metrics;
using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// Our LightGBM layer side by side with a native baseline that shares none of our code: Debian's python3 driving the
/// same lib_lightgbm.so through ctypes (<see cref="NativeLightGbmDriver"/>), with python3-optuna for its own TPE search.
/// Same data, same run: one fit with fixed parameters (ms per round), our TPE search's parameter sets replayed on both
/// sides (the samplers differ, so the points are shared) and against Optuna's own search, the tree part of scoring on
/// the same matrix and model text, end-to-end scoring (with preprocessing) apart, and TreeSHAP for a day's applications.
/// </summary>
internal sealed class NativeLightGbmStep : IBenchStep
{
    public string Name => "lightgbm-native";

    public string Description => "LightGBM: ours vs lib_lightgbm through Python ctypes (fit per round, 30 trials replayed and Optuna's, scoring, TreeSHAP)";

    public int Order => 105;

    /// <summary>Rounds of the fixed fit (no early stopping).</summary>
    public const int FixedRounds = 100;

    /// <summary>A day's applications, explained: the TreeSHAP figure's rows.</summary>
    public const int ShapRows = 3416;

    /// <summary>The PoC's test AUC (LightGBM tuned by Optuna, notebooks/poc) that ours may trail by at most 0.002.</summary>
    public const double PocTestAuc = 0.7931;

    public const string Target = "fit ≤ 1.1× native per round; 30 TPE trials ≤ 1.0× native (replay and Optuna); test AUC ≥ 0.7911; " +
                                 "batch scoring ≥ native PredictForMat (same cores); TreeSHAP 3,416 rows ≤ 1 s";

    public StepResult Run(BenchContext context)
    {
        if (!context.Settings.CompareWithPython)
            return StepResults.Skipped(this, "skipped: --no-python (the native baseline is Debian's python3 driving lib_lightgbm through ctypes)", Target);
        var python = ExternalProcess.FindWorking(["/usr/bin/python3", "python3"], "-c", "import numpy, optuna");
        if (python is null)
            return StepResults.Skipped(this, "skipped: python3 with numpy and optuna is not installed (apt-get install python3-numpy python3-optuna)", Target);

        var experiment = context.Experiment;
        context.Memory.Reset();
        var features = experiment.NativeFeatures;
        var seed = experiment.Seed;
        // TuneModel's trials run one after another on all the experiment's threads; the native side does the same.
        var threads = experiment.LightGbmThreads;
        const int workers = 1;
        var cores = Environment.ProcessorCount;
        var repeat = Math.Max(1, context.Settings.Repeat);
        var trials = context.Settings.Trials;
        var labels = experiment.Table.Labels!;
        var (fitRows, validRows) = experiment.EarlyStoppingSplit(experiment.TrainRows);
        var fitX = experiment.NativeMatrix(fitRows);
        var fitY = fitRows.Select(r => labels[r]).ToArray();
        var figures = new Dictionary<string, double>();
        var notes = new List<string>();

        // (a, b) One fit with fixed parameters, 1 thread, fixed rounds, no early stopping.
        var fixedParameters = LightGbmParameters.Default with { NumBoostRound = FixedRounds, EarlyStoppingRounds = 0 };
        var fixedDatasetParameters = LightGbmParameters.DatasetParameters(features.Categorical, seed, 1);
        var clock = Stopwatch.StartNew();
        string modelText;
        using (var fixedSet = LightGbmDataset.Create(fitX, fitY, fixedDatasetParameters))
        {
            figures["dataset_s"] = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using var fit = LightGbmTraining.Train(fixedSet, null, fixedParameters, seed, threads: 1);
            var fitSeconds = clock.Elapsed.TotalSeconds;
            figures["fit_s"] = fitSeconds;
            figures["fit_rounds"] = fit.Rounds;
            figures["fit_ms_per_round"] = fitSeconds * 1000 / fit.Rounds;
            modelText = fit.ModelText();
        }
        var library = LoadedLightGbm()
                      ?? throw new InvalidOperationException("lib_lightgbm is not among this process's mapped files (/proc/self/maps) after a LightGBM call");
        context.Log.WriteLine($"    fixed fit: {figures["fit_rounds"]} rounds, {figures["fit_ms_per_round"]:F1} ms a round; {library}");

        // (c) Our TPE search, then its points replayed by ours and (below) by the native baseline.
        clock.Restart();
        var tuning = experiment.TuneModel("lightgbm", trials, searcher: "tpe");
        var tpeSeconds = clock.Elapsed.TotalSeconds;
        var points = tuning.Trials.Select(t => t.Parameters).ToList();
        clock.Restart();
        var replay = experiment.ReplayTrials(points);
        var replaySeconds = clock.Elapsed.TotalSeconds;
        var testAuc = experiment.Evaluate(tuning.BestModel).TestAuc;
        figures["trials"] = points.Count;
        figures["workers"] = workers;
        figures["threads"] = threads;
        figures["tpe_s"] = tpeSeconds;
        figures["replay_s"] = replaySeconds;
        figures["replay_rounds"] = replay.Sum(t => t.Rounds);
        figures["tpe_best_valid_auc"] = tuning.BestTrial.ValidationAuc;
        figures["replay_best_valid_auc"] = replay.Max(t => t.ValidationAuc);
        figures["test_auc"] = testAuc;

        // (e) The tree part on the test matrix: the bench model's trees (the train step's LightGBM), the fixed fit's
        // when that model has none in LightGBM's text; 1 thread and every core.
        var model = context.Model;
        var treesText = model.Native?.ModelText ?? modelText;
        var treesName = model.Native is null ? $"the fixed fit's {figures["fit_rounds"]} trees" : $"the bench model's {model.Rounds} trees";
        var testX = experiment.NativeMatrix(experiment.TestRows);
        var testY = experiment.TestRows.Select(r => labels[r]).ToArray();
        var flat = FlatTreeEnsemble.FromModelText(treesText);
        var compiled = new CompiledTreeScorer(flat, features);
        double[] ScoreTrees(FeatureMatrix matrix, int threadCount) => compiled.RawScores(matrix, threadCount);
        var (oneThread, _) = Timed(repeat, () => ScoreTrees(testX, 1));
        var (allCores, raw) = Timed(repeat, () => ScoreTrees(testX, cores));
        figures["score_1t_rows_per_s"] = testX.Rows / oneThread;
        figures["score_rows_per_s"] = testX.Rows / allCores;
        figures["score_test_auc"] = RocAuc.Compute(raw, testY);

        // End to end: TrainedModel.Predict on the test rows' DataFrame (preprocessing included), the same model.
        var testData = experiment.TestData();
        var (endToEnd, _) = Timed(repeat, () => model.Predict(testData));
        figures["e2e_rows_per_s"] = testData.Rows.Count / endToEnd;

        // (f) TreeSHAP for a day's applications: ours over the flat trees (per row: the features' values, then the expected value).
        var day = testX.Select(Enumerable.Range(0, Math.Min(ShapRows, testX.Rows)).ToArray());
        double[] Contributions(FeatureMatrix matrix) => flat.Contributions(matrix, cores);
        var (shapSeconds, contributions) = Timed(repeat, () => Contributions(day));
        figures["shap_rows"] = day.Rows;
        figures["shap_3416_s"] = shapSeconds * ShapRows / Math.Max(1, day.Rows);
        var width = day.Columns + 1;
        figures["shap_max_sum_error"] = Enumerable.Range(0, day.Rows)
            .Select(r => Math.Abs(contributions.AsSpan(r * width, width).ToArray().Sum() - raw[r])).DefaultIfEmpty(0).Max();

        // The native baseline on the same matrices, labels, parameter strings and model text.
        var folder = Directory.CreateDirectory(Path.Combine(context.WorkDirectory, "lightgbm-native")).FullName;
        var validX = experiment.NativeMatrix(validRows);
        var trainRows = experiment.TrainRows;
        var positionOfRow = new Dictionary<int, int>(trainRows.Length);
        for (var i = 0; i < trainRows.Length; i++) positionOfRow[trainRows[i]] = i;
        int[] Positions(int[] rows) => rows.Select(r => positionOfRow[r]).Order().ToArray();
        WriteFloats(Path.Combine(folder, "train.f32"), experiment.NativeMatrix(trainRows).Values);
        WriteLabels(Path.Combine(folder, "train.labels"), trainRows.Select(r => labels[r]).ToArray());
        WriteInts(Path.Combine(folder, "fit.rows"), Positions(fitRows));
        WriteInts(Path.Combine(folder, "valid.rows"), Positions(validRows));
        WriteFloats(Path.Combine(folder, "fit.f32"), fitX.Values);
        WriteFloats(Path.Combine(folder, "valid.f32"), validX.Values);
        WriteFloats(Path.Combine(folder, "test.f32"), testX.Values);
        WriteLabels(Path.Combine(folder, "fit.labels"), fitY);
        WriteLabels(Path.Combine(folder, "valid.labels"), validRows.Select(r => labels[r]).ToArray());
        WriteLabels(Path.Combine(folder, "test.labels"), testY);
        File.WriteAllText(Path.Combine(folder, "model.txt"), treesText);
        File.WriteAllText(Path.Combine(folder, "meta.json"), Meta(features, seed, threads, workers, cores, repeat, trials, fixedParameters, points).ToJsonString());
        var script = Path.Combine(folder, "native_lightgbm.py");
        File.WriteAllText(script, NativeLightGbmDriver.Script);
        var outcome = ExternalProcess.Run(python, [script, library, folder], folder, TimeSpan.FromHours(3));
        if (outcome.ExitCode != 0) throw new InvalidOperationException($"the native LightGBM driver failed: {outcome.Error.Trim()}");
        var native = JsonNode.Parse(outcome.Output.Trim().Split('\n')[^1])!.AsObject();
        double N(string name) => native[name] is JsonValue v ? (double)v : double.NaN;

        figures["native_dataset_s"] = N("fixed_dataset_s");
        figures["native_reference_datasets_s"] = N("dataset_s");
        figures["native_trial_datasets_s"] = N("trial_datasets_s");
        figures["native_fit_ms_per_round"] = N("fit_ms_per_round");
        figures["native_fit_rounds"] = N("fit_rounds");
        figures["fit_ratio"] = figures["fit_ms_per_round"] / N("fit_ms_per_round");
        figures["native_replay_s"] = N("replay_s");
        figures["native_replay_rounds"] = native["replay_trials"]!.AsArray().Sum(t => (double)t!["rounds"]!);
        figures["native_replay_best_valid_auc"] = N("replay_best_valid_auc");
        figures["native_test_auc"] = N("replay_test_auc");
        figures["replay_ratio"] = replaySeconds / N("replay_s");
        figures["optuna_s"] = N("optuna_s");
        figures["optuna_test_auc"] = N("optuna_test_auc");
        figures["optuna_best_valid_auc"] = N("optuna_best_valid_auc");
        figures["tpe_ratio_vs_replay"] = tpeSeconds / N("replay_s");
        figures["tpe_ratio_vs_optuna"] = tpeSeconds / N("optuna_s");
        figures["native_score_1t_rows_per_s"] = N("score_1t_rows_per_s");
        figures["native_score_rows_per_s"] = N("score_rows_per_s");
        figures["score_ratio"] = figures["score_rows_per_s"] / N("score_rows_per_s");
        figures["native_shap_3416_s"] = N("shap_s") * ShapRows / Math.Max(1, N("shap_rows"));
        var nativeRaw = ReadDoubles(Path.Combine(folder, "native_raw.f64"));
        figures["score_max_abs_diff"] = nativeRaw.Length == raw.Length ? raw.Zip(nativeRaw, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max() : double.NaN;
        var replayAucDiff = replay.Zip(native["replay_trials"]!.AsArray(), (ours, theirs) => Math.Abs(ours.ValidationAuc - (double)theirs!["auc"]!)).DefaultIfEmpty(0).Max();
        figures["replay_max_auc_diff"] = replayAucDiff;
        figures["replay_ms_per_round"] = replaySeconds * 1000 / Math.Max(1, figures["replay_rounds"]);
        figures["native_replay_ms_per_round"] = N("replay_s") * 1000 / Math.Max(1, figures["native_replay_rounds"]);

        var checks = new[]
        {
            figures["fit_ratio"] <= 1.1,
            figures["replay_ratio"] <= 1.0 && figures["tpe_ratio_vs_optuna"] <= 1.0,
            testAuc >= PocTestAuc - 0.002,
            figures["score_rows_per_s"] >= N("score_rows_per_s"),
            figures["shap_3416_s"] <= 1.0,
        };
        var met = checks.All(c => c);
        string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);
        notes.Add($"fit, fixed parameters ({fixedParameters.NumLeaves} leaves, learning rate {F(fixedParameters.LearningRate)}), 1 thread, {figures["fit_rounds"]} rounds on " +
                  $"{fitX.Rows:N0} rows × {fitX.Columns} columns: {F(figures["fit_ms_per_round"])} ms a round vs native {F(N("fit_ms_per_round"))} " +
                  $"(ratio {F(figures["fit_ratio"])}); Dataset of the fit rows {F(figures["dataset_s"])} s vs native {F(N("fixed_dataset_s"))} s");
        notes.Add($"{points.Count} TPE trials (one after another, {threads} thread{(threads == 1 ? "" : "s")} each, on both sides): TuneModel {F(tpeSeconds, "F1")} s; its points replayed: ours {F(replaySeconds, "F1")} s, " +
                  $"native {F(N("replay_s"), "F1")} s (ratio {F(figures["replay_ratio"])}; rounds {figures["replay_rounds"]} vs {figures["native_replay_rounds"]}; " +
                  $"largest validation AUC difference {F(replayAucDiff, "F4")}); Optuna {native["optuna_version"]} TPE with native fits {F(N("optuna_s"), "F1")} s " +
                  $"(TuneModel ratio {F(figures["tpe_ratio_vs_optuna"])}); both sides' trials on subsets of the training part binned once " +
                  $"(native binning {F(N("trial_datasets_s"))} s; fit rows binned and validation rows by reference {F(N("dataset_s"))} s); " +
                  $"TuneModel's time includes its preparation and the best model's refit");
        notes.Add($"test AUC: ours (TuneModel's best model) {F(testAuc, "F4")}, native replay's best {F(N("replay_test_auc"), "F4")}, Optuna's best {F(N("optuna_test_auc"), "F4")}; " +
                  $"PoC {F(PocTestAuc, "F4")}");
        notes.Add($"tree part (our flat trees from the model text), {treesName} on {testX.Rows:N0} test rows: {F(figures["score_rows_per_s"], "N0")} rows/s on {cores} cores " +
                  $"({F(figures["score_1t_rows_per_s"], "N0")} on 1) vs native PredictForMat {F(N("score_rows_per_s"), "N0")} ({F(N("score_1t_rows_per_s"), "N0")} on 1); " +
                  $"largest raw-score difference {figures["score_max_abs_diff"]:G3}; end to end (TrainedModel.Predict with preprocessing, {model.LastScoringPath.ToString().ToLowerInvariant()} path) {F(figures["e2e_rows_per_s"], "N0")} rows/s");
        notes.Add($"TreeSHAP (ours over the flat trees; native: LightGBM's C_API_PREDICT_CONTRIB, the same trees) for {day.Rows:N0} rows on {cores} cores: {F(shapSeconds, "F3")} s (per {ShapRows:N0}: {F(figures["shap_3416_s"], "F3")} s) " +
                  $"vs native {F(N("shap_s"), "F3")} s");
        string[] targets = ["fit per round", "30 trials", "test AUC", "batch scoring", "TreeSHAP"];
        notes.Add("targets: " + string.Join(", ", targets.Select((t, i) => $"{t} {(checks[i] ? "met" : "not met")}")));
        if (day.Rows < ShapRows) notes.Add($"only {day.Rows:N0} test rows: the TreeSHAP figure is scaled to {ShapRows:N0}");
        return StepResults.From(this, new Timings([tpeSeconds], 0, MemoryProbe.PeakMiB(), []), experiment.TrainCount, perRow: false, target: Target,
            met: met, figures: figures, notes: notes) with { AllocatedMiB = null };
    }

    /// <summary>What the driver needs besides the matrices: sizes, parameter strings, the replayed points and the search space.</summary>
    private static JsonObject Meta(LightGbmFeatures features, int seed, int threads, int workers, int cores, int repeat, int trials,
        LightGbmParameters fixedParameters, IReadOnlyList<IReadOnlyDictionary<string, double>> points)
    {
        var space = SearchSpace.LightGbm;
        var searched = space.Parameters.Select(p => LightGbmName(p.Name)).ToHashSet(StringComparer.Ordinal);
        var searchFixed = string.Join(' ', LightGbmParameters.Default.BoosterParameters(seed, threads).Split(' ')
            .Where(part => !searched.Contains(part.Split('=')[0])));
        var tuning = LightGbmParameters.Default;
        return new JsonObject
        {
            ["columns"] = features.Count,
            ["categorical"] = new JsonArray(features.Categorical.Select(c => (JsonNode)c).ToArray()),
            ["seed"] = seed,
            ["threads"] = threads,
            ["workers"] = workers,
            ["cores"] = cores,
            ["repeat"] = repeat,
            ["dataset_parameters"] = LightGbmParameters.DatasetParameters(features.Categorical, seed, threads),
            ["fixed_dataset_parameters"] = LightGbmParameters.DatasetParameters(features.Categorical, seed, 1),
            ["fixed_booster_parameters"] = fixedParameters.BoosterParameters(seed, 1),
            ["fixed_rounds"] = fixedParameters.NumBoostRound,
            ["num_boost_round"] = tuning.NumBoostRound,
            ["early_stopping_rounds"] = tuning.EarlyStoppingRounds,
            ["metric"] = tuning.EarlyStoppingMetric,
            ["higher_is_better"] = tuning.EarlyStoppingMetric == LightGbmParameters.Auc,
            ["replay"] = new JsonArray(points.Select(p => (JsonNode)LightGbmParameters.FromPoint(p).BoosterParameters(seed, threads)).ToArray()),
            ["optuna_trials"] = trials,
            ["search_fixed_parameters"] = searchFixed,
            ["space"] = new JsonArray(space.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["lightgbm"] = LightGbmName(p.Name), ["low"] = p.Low, ["high"] = p.High, ["log"] = p.Log, ["integer"] = p.Integer,
            }).ToArray()),
            ["shap_rows"] = ShapRows,
        };
    }

    /// <summary>A search-space name as <see cref="LightGbmParameters.BoosterParameters"/> writes it.</summary>
    private static string LightGbmName(string name) => name == "min_child_samples" ? "min_data_in_leaf" : name;

    /// <summary>The path of the lib_lightgbm this process loaded (after any LightGBM call), from /proc/self/maps.</summary>
    internal static string? LoadedLightGbm()
    {
        if (!File.Exists("/proc/self/maps")) return null;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash < 0) continue;
            var path = line[slash..].Trim();
            if (Path.GetFileName(path).StartsWith("lib_lightgbm", StringComparison.Ordinal)) return path;
        }
        return null;
    }

    /// <summary>Median seconds of <paramref name="repeat"/> runs after one warm-up, and the last run's result.</summary>
    private static (double Seconds, T Result) Timed<T>(int repeat, Func<T> run)
    {
        var result = run();
        var seconds = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            result = run();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return (Stats.Median(seconds), result);
    }

    internal static void WriteFloats(string path, float[] values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    internal static void WriteInts(string path, int[] values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    internal static void WriteLabels(string path, bool[] labels) => WriteFloats(path, labels.Select(l => l ? 1f : 0f).ToArray());

    internal static void WriteDoubles(string path, double[] values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    internal static double[] ReadDoubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();
}
