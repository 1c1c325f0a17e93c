using System.CommandLine;
using System.Diagnostics;
using CreditPoC.Data;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc data generate</c>: writes Home-Credit-like data and its truth side file.</summary>
public sealed class DataGenerateCommand : CliVerb
{
    private readonly Option<int?> _rows = CliOptions.WholeNumber("--rows", "rows to write (default 307511, the real file's size)");
    private readonly Option<int?> _seed = CliOptions.WholeNumber("--seed", "random seed; the same seed and rows give byte-identical files (default 42)");
    private readonly Option<string?> _out = CliOptions.Text("--out", "PATH",
        "the CSV to write (default data/raw/application_train.csv); the true default probabilities go beside it, in <name>.truth.csv", "-o");
    private readonly Option<bool> _force = CliOptions.Flag("--force", "replace existing files");
    private readonly Option<DateOnly?> _driftFrom = CliOptions.Date("--drift-from",
        "plant drift (for testing monitoring) in the applications that `data split` with the same --start and --days puts on " +
        "DATE or later: lower EXT_SOURCE_1/2/3, 60% larger AMT_CREDIT and AMT_ANNUITY, a new ORGANIZATION_TYPE level " +
        "(\"Platform economy\") and a weaker link between EXT_SOURCE_3 and default. Without it the file is exactly the undrifted one.");
    private readonly Option<DateOnly?> _start = CliOptions.Date("--start", "with --drift-from: the split's first day (default 2021-01-01, as in data split)");
    private readonly Option<int?> _days = CliOptions.WholeNumber("--days", "with --drift-from: the split's day count (default 90, as in data split)");

    public DataGenerateCommand() : base("data generate", "generate Home-Credit-like application_train.csv with true default probabilities") =>
        Declare(_rows, _seed, _out, _force, _driftFrom, _start, _days);

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var rows = args.GetValue(_rows) ?? HomeCreditGenerator.DefaultRows;
        if (rows <= 0) throw CliError.Usage($"--rows must be a positive whole number, got {rows}");
        var seed = args.GetValue(_seed) ?? HomeCreditGenerator.DefaultSeed;
        var path = args.GetValue(_out) ?? Path.Combine("data", "raw", "application_train.csv");

        var driftFrom = args.GetValue(_driftFrom);
        GenerationDrift? drift = null;
        if (driftFrom is not null)
        {
            try
            {
                drift = GenerationDrift.FromDate(driftFrom.Value, args.GetValue(_start) ?? new DateOnly(2021, 1, 1), args.GetValue(_days) ?? 90, rows);
            }
            catch (UserFacingException e)
            {
                throw CliError.Usage(e.Message); // the options disagree: nothing was written
            }
        }
        else if (args.GetValue(_start) is not null || args.GetValue(_days) is not null)
            throw CliError.Usage("--start and --days only place --drift-from; give --drift-from DATE as well");

        var clock = Stopwatch.StartNew();
        var progress = rows >= 100_000 ? error : null;
        var summary = HomeCreditGenerator.Generate(path, rows, seed, args.GetValue(_force), progress, drift);
        output.WriteLine($"wrote {summary.Rows:N0} rows to {path} in {clock.Elapsed.TotalSeconds:F1} s");
        if (drift is not null)
            output.WriteLine($"  drift planted from row {drift.FromRow + 1:N0} of {rows:N0} ({rows - drift.FromRow:N0} rows; {driftFrom:yyyy-MM-dd} on when split the same way)");
        output.WriteLine($"  default rate {summary.DefaultRate:P2} (true mean probability {summary.MeanProbability:P2}), " +
                         $"{summary.RepeatApplications:N0} repeat applications");
        output.WriteLine($"  true default probabilities in {HomeCreditGenerator.TruthPathFor(path)} (never a model input)");
        return 0;
    }
}
