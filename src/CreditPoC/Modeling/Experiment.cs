using System.Globalization;
using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>
/// A PyCaret-style modeling experiment on one table: Setup splits the data (stratified, seeded) and decides the
/// preprocessing; CompareModels, CreateModel, TuneModel, Evaluate, Interpret and SelectTopFeatures then work on
/// that split. Every fit uses a fresh MLContext seeded from <see cref="Seed"/>, so the same data and seed give the
/// same numbers in any order of calls.
/// </summary>
public sealed partial class Experiment
{
    private readonly List<string> _warnings;

    private Experiment(ColumnTable table, int[] sourceRows, FeaturePlan plan, int[] trainRows, int[] testRows, int[] folds,
        ExperimentSettings settings, List<string> warnings)
    {
        Table = table;
        SourceRows = sourceRows;
        Plan = plan;
        TrainRows = trainRows;
        TestRows = testRows;
        FoldOfTrainRow = folds;
        Settings = settings;
        _warnings = warnings;
    }

    internal ColumnTable Table { get; }
    /// <summary>For each row of <see cref="Table"/>, its row number in the DataFrame given to Setup.</summary>
    internal int[] SourceRows { get; }
    internal int[] TrainRows { get; }
    internal int[] TestRows { get; }
    /// <summary>Fold number of each entry of <see cref="TrainRows"/>.</summary>
    internal int[] FoldOfTrainRow { get; }
    internal ExperimentSettings Settings { get; }

    /// <summary>The preprocessing decided at Setup (features, rare-level mapping, medians).</summary>
    public FeaturePlan Plan { get; }
    public string Target => Settings.Target;
    public string PositiveLabel => Settings.PositiveLabel;
    public int Seed => Settings.Seed;
    public int Folds => Settings.Folds;
    /// <summary>How many fits CompareModels runs side by side (see <see cref="Setup"/>).</summary>
    public int Workers => Settings.Workers;
    public int TrainCount => TrainRows.Length;
    public int TestCount => TestRows.Length;
    /// <summary>Share of positive rows in the training part.</summary>
    public double PositiveRate => TrainRows.Count(r => Table.Labels![r]) / (double)TrainRows.Length;
    /// <summary>Problems found in the data that did not stop the experiment (e.g. all-missing columns dropped).</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// Prepares an experiment. <paramref name="positiveLabel"/> ("1", "bad") is matched with the target's values by
    /// <see cref="Tables.TargetVector.Matches"/> (text ignoring case, numbers by value); rows with a missing target are left out. <paramref name="sampleRows"/> takes a stratified
    /// sample first (for a quick look). Rare categorical levels (fewer than <paramref name="rareLevelShare"/> of the
    /// training rows or fewer than <paramref name="rareLevelMinCount"/> rows) become "Other". <paramref name="threads"/>
    /// is the trainers' thread count (1 by default: LightGBM's deterministic mode gives the same model only for the
    /// same thread count, and one thread is also the fastest on a busy shared machine). <paramref name="holdout"/>, one
    /// flag per row of <paramref name="data"/>, makes the flagged rows the test split instead of a random stratified
    /// one: an out-of-time test on the most recent applications. <paramref name="workers"/> is how many fits
    /// CompareModels (folds) runs side by side, each with <paramref name="threads"/> threads; by default the processor
    /// count divided by the threads (at least 1). CompareModels gives the same leaderboard for any number of workers.
    /// A LightGBM fit that runs alone (CreateModel, TuneModel's trials) uses threads × workers threads; LightGBM gives
    /// the same model for the same thread count, so give the same numbers to reproduce a search on another machine.
    /// </summary>
    public static Experiment Setup(DataFrame data, string target, string positiveLabel, IEnumerable<string>? ignore = null,
        int seed = 42, int folds = 5, double testFraction = 0.2, int? sampleRows = null, double rareLevelShare = 0.01,
        int rareLevelMinCount = 10, int? threads = null, Action<string>? progress = null, bool[]? holdout = null, int? workers = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (workers is < 1) throw new UserFacingException($"workers must be at least 1 (got {workers})");
        var fitThreads = Math.Max(1, threads ?? 1);
        var settings = new ExperimentSettings(target, positiveLabel, seed, folds, testFraction,
            fitThreads, progress ?? Console.WriteLine, workers ?? Math.Max(1, Environment.ProcessorCount / fitThreads));
        return ExperimentBuilder.Build(data, settings, ignore?.ToList() ?? [], sampleRows, rareLevelShare, rareLevelMinCount, holdout);
    }

    internal static Experiment Create(ColumnTable table, int[] sourceRows, FeaturePlan plan, int[] trainRows, int[] testRows, int[] folds,
        ExperimentSettings settings, List<string> warnings) => new(table, sourceRows, plan, trainRows, testRows, folds, settings, warnings);

    /// <summary>
    /// The row numbers (0-based) in the DataFrame given to Setup of the test split's rows, in the order of
    /// <see cref="TestData"/>: to find an applicant's id, or to compare with other data about the same rows.
    /// </summary>
    public IReadOnlyList<int> TestSourceRows => TestRows.Select(r => SourceRows[r]).ToArray();

    /// <summary>
    /// The test split as a DataFrame (the model input columns as read, numbers as Single, plus the target as a bool
    /// column), e.g. to explain a few applicants: <c>model.Explain(exp.TestData(3))</c>.
    /// </summary>
    public DataFrame TestData(int? maxRows = null) => Frame(TestRows.Take(maxRows ?? int.MaxValue).ToArray());

    /// <summary>The training part as a DataFrame, in the same shape as <see cref="TestData"/>.</summary>
    public DataFrame TrainData(int? maxRows = null) => Frame(TrainRows.Take(maxRows ?? int.MaxValue).ToArray());

    private DataFrame Frame(int[] rows)
    {
        var columns = new List<DataFrameColumn>();
        foreach (var column in Table.Columns)
        {
            columns.Add(column.IsNumeric
                ? new SingleDataFrameColumn(column.Name, rows.Select(r => column.Numbers![r] is var v && float.IsNaN(v) ? (float?)null : v))
                : new StringDataFrameColumn(column.Name, rows.Select(r => column.Texts![r].IsEmpty ? null : column.Texts![r].ToString())));
        }
        columns.Add(new BooleanDataFrameColumn(Target, rows.Select(r => Table.Labels![r])));
        return new DataFrame(columns);
    }

    /// <summary>Reports progress; serialized, as a fit running on a worker thread may report too.</summary>
    internal void Report(string message)
    {
        lock (_reportLock) Settings.Progress(message);
    }

    private readonly Lock _reportLock = new();

    /// <summary>
    /// Collects garbage, compacting the large-object heap, between fits that run side by side. Each LightGBM fit
    /// drops a few hundred MB of large arrays (ML.NET's copies of the rows); with several fits at once the runtime
    /// otherwise lets that garbage pile up to several GB of resident memory before it collects. Takes well under a
    /// second, against fits of several seconds.
    /// </summary>
    internal static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
    }

    public override string ToString() =>
        $"Experiment: target {Target} (positive '{PositiveLabel}', {PositiveRate.ToString("P2", CultureInfo.InvariantCulture)} of training rows), " +
        $"{TrainCount:N0} train / {TestCount:N0} test rows, {Folds} folds, seed {Seed}; " +
        $"{Plan.Numeric.Count} numeric, {Plan.Ratios.Count} ratio, {Plan.Categorical.Count} categorical features" +
        (Warnings.Count == 0 ? "" : $"; {Warnings.Count} warning(s)");
}

/// <summary>The settings an experiment was set up with.</summary>
internal sealed record ExperimentSettings(string Target, string PositiveLabel, int Seed, int Folds, double TestFraction,
    int Threads, Action<string> Progress, int Workers = 1);
