using System.Globalization;
using CreditPoC.Bench;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc bench</c>: measures every step at full Home Credit scale and writes bench.md and bench.json.</summary>
public sealed class BenchCommand : ICliCommand
{
    public string Name => "bench";

    public string Summary => "benchmark each step at Home Credit scale against its target; writes bench.md and bench.json";

    public string Usage => $"""
        creditpoc bench [--rows 307511] [--out bench/results] [--repeat N] [--steps a,b,...] [--quick]
          --rows            rows of generated data (default 307511, the real file's size)
          --data            the CSV to measure (default bench/data/application_train_ROWS_seedSEED.csv; generated when absent)
          --schema          the schema (default parameters/schema.yaml)
          --out             where bench.md, bench.json and scratch files go (default bench/results)
          --repeat          measured runs of the quick steps, after one warm-up (default 3)
          --heavy-repeat    measured runs of CompareModels and TuneModel, no warm-up (default 1)
          --steps           a comma-separated selection of: {string.Join(",", BenchSteps.Names)} (default all)
          --seed            the seed of the data and the experiments (default 42)
          --folds           CompareModels folds (default 5)
          --models          CompareModels model ids, comma-separated (default all five: lr,dt,rf,svm,lightgbm)
          --trials          TuneModel trials, for TPE and for random search each (default 30)
          --single-rows     applications scored one by one for the latency figures (default 2000)
          --no-cold         skip the fresh-process notebook figure
          --no-python       skip the pandas and Jupyter comparisons even when they are installed
          --root            the repository whose parameters/pipeline.yaml and notebooks/trial the pipeline step runs (default: .)
          --pipeline-date   the trial day to run (default: the last day in data/raw/applications)
          --pipeline-to     with --pipeline-date: run every day up to this one
          --quick           a tiny smoke run: 2 folds, 2 trials, 200 single applications, repeat 1, no warm-up
        Targets are checked, not enforced: the exit code is 0 unless a step failed to run.
        """;

    public OptionSpec Options { get; } = new OptionSpec()
        .Value("rows").Value("data").Value("schema").Value("out", "o").Value("repeat").Value("heavy-repeat").Value("steps")
        .Value("seed").Value("folds").Value("models").Value("trials").Value("single-rows").Flag("no-cold").Flag("no-python").Value("root").Value("pipeline-date").Value("pipeline-to")
        .Flag("quick");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        if (args.Positional.Count > 0) throw CliError.Usage($"unexpected argument '{args.Positional[0]}'");
        var quick = args.Has("quick");
        var rows = Positive(args, "rows", 307_511);
        var seed = args.GetInt("seed", 42);
        var steps = (args.Get("steps") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = steps.Where(s => !BenchSteps.Names.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            throw CliError.Usage($"unknown step(s) {string.Join(", ", unknown)} in --steps; known steps: {string.Join(", ", BenchSteps.Names)}");
        if (args.Has("pipeline-to") && !args.Has("pipeline-date")) throw CliError.Usage("--pipeline-to needs --pipeline-date");
        var schema = args.Get("schema") ?? Path.Combine("parameters", "schema.yaml");
        if (!File.Exists(schema)) throw CliError.Usage($"schema {schema} not found (give --schema, or run from the repository root)");

        var settings = new BenchSettings
        {
            Rows = rows,
            Seed = seed,
            DataPath = Path.GetFullPath(args.Get("data") ?? Path.Combine("bench", "data", string.Create(CultureInfo.InvariantCulture, $"application_train_{rows}_seed{seed}.csv"))),
            SchemaPath = Path.GetFullPath(schema),
            OutputDirectory = Path.GetFullPath(args.Get("out") ?? Path.Combine("bench", "results")),
            RepositoryRoot = Path.GetFullPath(args.Get("root") ?? Directory.GetCurrentDirectory()),
            Repeat = Positive(args, "repeat", quick ? 1 : 3),
            WarmUp = !quick,
            HeavyRepeat = Positive(args, "heavy-repeat", 1),
            Steps = steps,
            Folds = Positive(args, "folds", quick ? 2 : 5),
            Models = (args.Get("models") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            Trials = Positive(args, "trials", quick ? 2 : 30),
            SingleRows = Positive(args, "single-rows", quick ? 200 : 2000),
            ColdNotebook = !args.Has("no-cold"),
            CompareWithPython = !args.Has("no-python"),
            PipelineFrom = args.GetDate("pipeline-date"),
            PipelineTo = args.GetDate("pipeline-to"),
            CliAssembly = typeof(CliApp).Assembly.Location,
            NotebookExecutor = NotebookEngine.CreateExecutor(),
        };
        if (!Directory.Exists(settings.RepositoryRoot)) throw CliError.Usage($"--root {settings.RepositoryRoot} is not a folder");
        if (settings.Folds < 2) throw CliError.Usage("--folds must be at least 2");

        var records = BenchRunner.Run(settings, output);
        output.WriteLine($"wrote {NotebookEngine.Show(Path.Combine(settings.OutputDirectory, "bench.md"))} and bench.json");
        var failed = records.Where(r => r.Result.Skipped?.StartsWith("failed", StringComparison.Ordinal) == true).ToList();
        foreach (var record in failed) error.WriteLine($"error: step {record.Result.Step} {record.Result.Skipped}");
        return failed.Count == 0 ? 0 : 1;
    }

    private static int Positive(CommandArgs args, string name, int fallback)
    {
        var value = args.GetInt(name, fallback);
        return value > 0 ? value : throw CliError.Usage($"--{name} must be a positive whole number, got {value}");
    }
}
