using CreditPoC.Notebooks.Execution;

namespace CreditPoC.Bench;

/// <summary>What one <c>creditpoc bench</c> run measures and how: sizes, repeats, the seed and the work per step.</summary>
public sealed record BenchSettings
{
    /// <summary>Rows of generated data (the real application_train.csv has 307,511).</summary>
    public int Rows { get; init; } = 307_511;

    /// <summary>The seed of the generator and of every experiment.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The CSV measured; generated there when absent.</summary>
    public required string DataPath { get; init; }

    /// <summary>The schema that types the columns (parameters/schema.yaml).</summary>
    public required string SchemaPath { get; init; }

    /// <summary>Where bench.md, bench.json and scratch files go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The repository root: where parameters/pipeline.yaml and notebooks/trial live.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Measured runs of the quick steps (after one warm-up).</summary>
    public int Repeat { get; init; } = 3;

    /// <summary>One unmeasured run before the measured ones (off only for smoke runs: --quick).</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Measured runs of CompareModels and TuneModel (no warm-up: each takes minutes).</summary>
    public int HeavyRepeat { get; init; } = 1;

    /// <summary>The steps to run, in the order of <see cref="BenchSteps.All"/>; all when empty.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>Folds of CompareModels.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>The model ids CompareModels ranks; all five when empty.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Trials of TuneModel (each searcher).</summary>
    public int Trials { get; init; } = 30;

    /// <summary>Single applications scored one by one for the latency figures.</summary>
    public int SingleRows { get; init; } = 2000;

    /// <summary>Fresh <c>dotnet CreditPoC.Cli.dll run</c> processes for the cold notebook figure (false: skip it).</summary>
    public bool ColdNotebook { get; init; } = true;

    /// <summary>The creditpoc command's assembly (CreditPoC.Cli.dll) that the cold notebook figure starts; none: no cold figure.</summary>
    public string? CliAssembly { get; init; }

    /// <summary>Runs the pipeline step's notebooks: the real engine unless a test gives a fake.</summary>
    public INotebookExecutor NotebookExecutor { get; init; } = new NotebookRunner();

    /// <summary>Run pandas and Jupyter for the comparisons when they are installed (off: a faster smoke run).</summary>
    public bool CompareWithPython { get; init; } = true;

    /// <summary>The first and last day of the trial pipeline run (null: the first days of the data).</summary>
    public DateOnly? PipelineFrom { get; init; }

    public DateOnly? PipelineTo { get; init; }
}
