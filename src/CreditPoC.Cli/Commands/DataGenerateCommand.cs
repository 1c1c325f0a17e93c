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
        creditpoc data generate [--rows N] [--seed S] [--out PATH] [--force]
          --rows   rows to write (default 307511, the real file's size)
          --seed   random seed; the same seed and rows give byte-identical files (default 42)
          --out    the CSV to write (default data/raw/application_train.csv); the true default
                   probabilities go beside it, in <name>.truth.csv
          --force  replace existing files
        """;

    public OptionSpec Options { get; } = new OptionSpec().Value("rows").Value("seed").Value("out", "o").Flag("force");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var rows = args.GetInt("rows", HomeCreditGenerator.DefaultRows);
        if (rows <= 0) throw CliError.Usage($"--rows must be a positive whole number, got {rows}");
        var seed = args.GetInt("seed", HomeCreditGenerator.DefaultSeed);
        var path = args.Get("out") ?? Path.Combine("data", "raw", "application_train.csv");

        var clock = Stopwatch.StartNew();
        var progress = rows >= 100_000 ? error : null;
        var summary = HomeCreditGenerator.Generate(path, rows, seed, args.Has("force"), progress);
        output.WriteLine($"wrote {summary.Rows:N0} rows to {path} in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"  default rate {summary.DefaultRate:P2} (true mean probability {summary.MeanProbability:P2}), " +
                         $"{summary.RepeatApplications:N0} repeat applications");
        output.WriteLine($"  true default probabilities in {HomeCreditGenerator.TruthPathFor(path)} (never a model input)");
        return 0;
    }
}
