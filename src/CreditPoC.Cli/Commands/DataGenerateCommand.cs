using System.Diagnostics;
using CreditPoC.Data;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc data generate</c>: writes Home-Credit-like data and its truth side file.</summary>
public sealed class DataGenerateCommand : ICliCommand
{
    public string Name => "data generate";

    public string Summary => "generate Home-Credit-like application_train.csv with true default probabilities";

    public string Usage =>
        """
        creditpoc data generate [--rows N] [--seed S] [--out PATH] [--force] [--drift-from DATE [--start DATE] [--days N]]
          --rows   rows to write (default 307511, the real file's size)
          --seed   random seed; the same seed and rows give byte-identical files (default 42)
          --out    the CSV to write (default data/raw/application_train.csv); the true default
                   probabilities go beside it, in <name>.truth.csv
          --force  replace existing files
          --drift-from  plant drift (for testing monitoring) in the applications that `data split` with the
                   same --start and --days puts on DATE or later: lower EXT_SOURCE_1/2/3, 60% larger AMT_CREDIT
                   and AMT_ANNUITY, a new ORGANIZATION_TYPE level ("Platform economy") and a weaker link between
                   EXT_SOURCE_3 and default. Without it the file is exactly the undrifted one.
          --start, --days  the split's first day and day count (defaults 2021-01-01 and 90, as in data split)
        """;

    public OptionSpec Options { get; } = new OptionSpec().Value("rows").Value("seed").Value("out", "o").Flag("force")
        .Value("drift-from").Value("start").Value("days");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var rows = args.GetInt("rows", HomeCreditGenerator.DefaultRows);
        if (rows <= 0) throw CliError.Usage($"--rows must be a positive whole number, got {rows}");
        var seed = args.GetInt("seed", HomeCreditGenerator.DefaultSeed);
        var path = args.Get("out") ?? Path.Combine("data", "raw", "application_train.csv");

        GenerationDrift? drift = null;
        if (args.GetDate("drift-from") is { } driftFrom)
            drift = GenerationDrift.FromDate(driftFrom, args.GetDate("start") ?? new DateOnly(2021, 1, 1), args.GetInt("days", 90), rows);
        else if (args.Has("start") || args.Has("days"))
            throw CliError.Usage("--start and --days only place --drift-from; give --drift-from DATE as well");

        var clock = Stopwatch.StartNew();
        var progress = rows >= 100_000 ? error : null;
        var summary = HomeCreditGenerator.Generate(path, rows, seed, args.Has("force"), progress, drift);
        output.WriteLine($"wrote {summary.Rows:N0} rows to {path} in {clock.Elapsed.TotalSeconds:F1} s");
        if (drift is not null)
            output.WriteLine($"  drift planted from row {drift.FromRow + 1:N0} of {rows:N0} ({rows - drift.FromRow:N0} rows; {args.Get("drift-from")} on when split the same way)");
        output.WriteLine($"  default rate {summary.DefaultRate:P2} (true mean probability {summary.MeanProbability:P2}), " +
                         $"{summary.RepeatApplications:N0} repeat applications");
        output.WriteLine($"  true default probabilities in {HomeCreditGenerator.TruthPathFor(path)} (never a model input)");
        return 0;
    }
}
