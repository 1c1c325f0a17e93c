using System.CommandLine;
using System.Globalization;
using CreditPoC.Bench;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc bench</c>: measures every step at full Home Credit scale and writes bench.md and bench.json.</summary>
public sealed class BenchCommand : CliVerb
{
    private readonly Option<int?> _rows = CliOptions.WholeNumber("--rows", "rows of generated data (default 307511, the real file's size)");
    private readonly Option<string?> _data = CliOptions.Text("--data", "PATH",
        "the CSV to measure (default bench/data/application_train_ROWS_seedSEED.csv; generated when absent)");
    private readonly Option<string?> _schema = CliOptions.Text("--schema", "PATH", "the schema (default parameters/schema.yaml)");
    private readonly Option<string?> _out = CliOptions.Text("--out", "DIR", "where bench.md, bench.json and scratch files go (default bench/results)", "-o");
    private readonly Option<int?> _repeat = CliOptions.WholeNumber("--repeat", "measured runs of the quick steps, after one warm-up (default 3)");
    private readonly Option<int?> _heavyRepeat = CliOptions.WholeNumber("--heavy-repeat", "measured runs of CompareModels and TuneModel, no warm-up (default 1)");
    private readonly Option<string?> _steps = CliOptions.Text("--steps", "A,B,...",
        $"a comma-separated selection of: {string.Join(",", BenchSteps.Names)} (default all)");
    private readonly Option<int?> _seed = CliOptions.WholeNumber("--seed", "the seed of the data and the experiments (default 42)");
    private readonly Option<int?> _folds = CliOptions.WholeNumber("--folds", "CompareModels folds (default 5)");
    private readonly Option<string?> _models = CliOptions.Text("--models", "A,B,...",
        "CompareModels model ids, comma-separated (default all five: lr,dt,rf,svm,lightgbm)");
    private readonly Option<int?> _trials = CliOptions.WholeNumber("--trials", "TuneModel trials, for TPE and for random search each (default 30)");
    private readonly Option<int?> _singleRows = CliOptions.WholeNumber("--single-rows", "applications scored one by one for the latency figures (default 2000)");
    private readonly Option<bool> _noCold = CliOptions.Flag("--no-cold", "skip the fresh-process notebook figure");
    private readonly Option<bool> _noPython = CliOptions.Flag("--no-python", "skip the pandas and Jupyter comparisons even when they are installed");
    private readonly Option<string?> _root = CliOptions.Text("--root", "DIR",
        "the repository whose parameters/pipeline.yaml and notebooks/trial the pipeline step runs (default: .)");
    private readonly Option<DateOnly?> _pipelineDate = CliOptions.Date("--pipeline-date", "the trial day to run (default: the last day in data/raw/applications)");
    private readonly Option<DateOnly?> _pipelineTo = CliOptions.Date("--pipeline-to", "with --pipeline-date: run every day up to this one");
    private readonly Option<bool> _inProcess = CliOptions.Flag("--in-process", "the pipeline step runs cells inside this process instead of a kernel process per notebook");
    private readonly Option<bool> _quick = CliOptions.Flag("--quick", "a tiny smoke run: 2 folds, 2 trials, 200 single applications, repeat 1, no warm-up");

    public BenchCommand() : base("bench", "benchmark each step at Home Credit scale against its target; writes bench.md and bench.json") =>
        Declare(_rows, _data, _schema, _out, _repeat, _heavyRepeat, _steps, _seed, _folds, _models, _trials, _singleRows,
            _noCold, _noPython, _root, _pipelineDate, _pipelineTo, _quick, _inProcess);

    public override string Notes => "Targets are checked, not enforced: the exit code is 0 unless a step failed to run.";

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var quick = args.GetValue(_quick);
        var rows = Positive(args, _rows, 307_511);
        var seed = args.GetValue(_seed) ?? 42;
        var steps = List(args.GetValue(_steps));
        var unknown = steps.Where(s => !BenchSteps.Names.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
            throw CliError.Usage($"unknown step(s) {string.Join(", ", unknown)} in --steps; known steps: {string.Join(", ", BenchSteps.Names)}");
        if (args.GetValue(_pipelineTo) is not null && args.GetValue(_pipelineDate) is null) throw CliError.Usage("--pipeline-to needs --pipeline-date");
        var schema = args.GetValue(_schema) ?? Path.Combine("parameters", "schema.yaml");
        if (!File.Exists(schema)) throw CliError.Usage($"schema {schema} not found (give --schema, or run from the repository root)");

        var settings = new BenchSettings
        {
            Rows = rows,
            Seed = seed,
            DataPath = Path.GetFullPath(args.GetValue(_data) ?? Path.Combine("bench", "data", string.Create(CultureInfo.InvariantCulture, $"application_train_{rows}_seed{seed}.csv"))),
            SchemaPath = Path.GetFullPath(schema),
            OutputDirectory = Path.GetFullPath(args.GetValue(_out) ?? Path.Combine("bench", "results")),
            RepositoryRoot = Path.GetFullPath(args.GetValue(_root) ?? Directory.GetCurrentDirectory()),
            Repeat = Positive(args, _repeat, quick ? 1 : 3),
            WarmUp = !quick,
            HeavyRepeat = Positive(args, _heavyRepeat, 1),
            Steps = steps,
            Folds = Positive(args, _folds, quick ? 2 : 5),
            Models = List(args.GetValue(_models)),
            Trials = Positive(args, _trials, quick ? 2 : 30),
            SingleRows = Positive(args, _singleRows, quick ? 200 : 2000),
            ColdNotebook = !args.GetValue(_noCold),
            CompareWithPython = !args.GetValue(_noPython),
            PipelineFrom = args.GetValue(_pipelineDate),
            PipelineTo = args.GetValue(_pipelineTo),
            CliAssembly = typeof(CliApp).Assembly.Location,
            NotebookExecutor = NotebookEngine.CreateExecutor(args.GetValue(_inProcess)),
        };
        using var disposeExecutor = settings.NotebookExecutor as IDisposable;
        if (!Directory.Exists(settings.RepositoryRoot)) throw CliError.Usage($"--root {settings.RepositoryRoot} is not a folder");
        if (settings.Folds < 2) throw CliError.Usage("--folds must be at least 2");

        var records = BenchRunner.Run(settings, output);
        output.WriteLine($"wrote {NotebookEngine.Show(Path.Combine(settings.OutputDirectory, "bench.md"))} and bench.json");
        var failed = records.Where(r => r.Result.Skipped?.StartsWith("failed", StringComparison.Ordinal) == true).ToList();
        foreach (var record in failed) error.WriteLine($"error: step {record.Result.Step} {record.Result.Skipped}");
        return failed.Count == 0 ? 0 : 1;
    }

    private static List<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int Positive(ParseResult args, Option<int?> option, int fallback)
    {
        var value = args.GetValue(option) ?? fallback;
        return value > 0 ? value : throw CliError.Usage($"{option.Name} must be a positive whole number, got {value}");
    }
}
