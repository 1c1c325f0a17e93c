using System.Diagnostics;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Bench;

/// <summary>
/// What the steps share: the settings, the memory probe, and the data, experiment and model that later steps
/// need. Each is made on first use, outside any measurement, so that a step selected alone still runs.
/// </summary>
public sealed class BenchContext(BenchSettings settings, TextWriter log)
{
    private TableSchema? _schema;
    private DataFrame? _data;
    private Experiment? _experiment;
    private TrainedModel? _model;

    public BenchSettings Settings { get; } = settings;
    public TextWriter Log { get; } = log;
    public MemoryProbe Memory { get; } = new();

    /// <summary>Scratch files of the steps (feature tables, notebooks): OUT/work.</summary>
    public string WorkDirectory => Directory.CreateDirectory(Path.Combine(Settings.OutputDirectory, "work")).FullName;

    public TableSchema Schema => _schema ??= TableSchemaYaml.Load(Settings.SchemaPath);

    public string Target => Schema.TargetColumn ?? "TARGET";

    public string PositiveLabel => Schema.PositiveLabel ?? "1";

    /// <summary>The data loaded with schema types (as the PoC notebooks load it: strict off).</summary>
    public DataFrame Data
    {
        get => _data ??= LoadData();
        set => _data = value;
    }

    /// <summary>The experiment on <see cref="Data"/>: id and columns not known at application time ignored.</summary>
    public Experiment Experiment => _experiment ??= Timed("Experiment.Setup", () => Setup(Data, sampleRows: null));

    /// <summary>Seconds the last <see cref="Experiment"/> setup took.</summary>
    public double? SetupSeconds { get; private set; }

    /// <summary>The LightGBM model with fixed parameters (the train step's, or fitted here when it did not run).</summary>
    public TrainedModel Model
    {
        get => _model ??= Timed("CreateModel(lightgbm)", () => Experiment.CreateModel("lightgbm", LightGbmParameters.Default));
        set => _model = value;
    }

    public Experiment Setup(DataFrame data, int? sampleRows)
    {
        var ignore = Schema.Columns.Where(c => c.Availability != Availability.Application && c.Name != Target).Select(c => c.Name).ToList();
        if (Schema.IdColumn is { } id) ignore.Add(id);
        var present = data.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var experiment = Experiment.Setup(data, Target, PositiveLabel, ignore.Where(present.Contains), Settings.Seed, Settings.Folds,
            sampleRows: sampleRows, progress: message => Log.WriteLine($"    {message}"));
        if (sampleRows is null) SetupSeconds = clock.Elapsed.TotalSeconds;
        return experiment;
    }

    private DataFrame LoadData() => Timed("load", () => CsvTableLoader.Load(Settings.DataPath, Schema, strict: false));

    private T Timed<T>(string what, Func<T> make)
    {
        var clock = Stopwatch.StartNew();
        var value = make();
        Log.WriteLine($"  (prepared {what} in {clock.Elapsed.TotalSeconds:F1} s, not measured)");
        return value;
    }
}
