using System.CommandLine;
using System.Globalization;

namespace CreditPoC.Cli.Commands;

/// <summary>
/// <c>creditpoc quickstart</c>: from nothing to a finished day. Generates the default data and splits it into daily
/// batches when they are absent, then runs the trial pipeline for a date well after the start, so that outcomes have
/// matured, and says where the executed notebooks, their HTML and predictions.csv are.
/// </summary>
public sealed class QuickstartCommand : CliVerb
{
    private readonly Option<int?> _rows = CliOptions.WholeNumber("--rows", "rows of generated data (default 307511; used only when data/raw has none)");
    private readonly Option<int?> _seed = CliOptions.WholeNumber("--seed", "seed of the generated data (default 42; used only when data/raw has none)");
    private readonly Option<DateOnly?> _date = CliOptions.Date("--date", "the day to run (default 2021-03-31: the split's last day, 60 days of outcomes matured)");
    private readonly Option<string?> _runsDir = CliOptions.Text("--runs-dir", "DIR", "where run folders and the run store go (default: runs)");

    private readonly Option<bool> _inProcess = NotebookEngine.InProcessOption();

    public QuickstartCommand() : base("quickstart", "generate and split the default data if absent, then run the trial pipeline for a day") =>
        Declare(_rows, _seed, _date, _runsDir, _inProcess);

    public override string Notes => "Data goes to data/raw/ under the repository: application_train.csv, its truth file, applications/ and outcomes/.";

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var root = RepositoryRoot();
        var raw = Path.Combine(root, "data", "raw");
        var csv = Path.Combine(raw, "application_train.csv");
        var date = args.GetValue(_date) ?? new DateOnly(2021, 3, 31);
        var runs = Path.GetFullPath(args.GetValue(_runsDir) ?? Path.Combine(root, "runs"));

        if (!File.Exists(csv))
        {
            output.WriteLine($"1/3 generating Home-Credit-like data into {csv}");
            var code = CliApp.Run(["data", "generate", "--rows", Invariant(args.GetValue(_rows) ?? 307_511), "--seed", Invariant(args.GetValue(_seed) ?? 42), "--out", csv], output, error);
            if (code != 0) return code;
        }
        else
        {
            output.WriteLine($"1/3 using the data in {csv}");
        }

        if (!Directory.Exists(Path.Combine(raw, "applications")))
        {
            output.WriteLine("2/3 splitting it into daily applications and delayed outcomes (90 days from 2021-01-01, outcomes after 60 days)");
            var code = CliApp.Run(["data", "split", "--input", csv, "--start", "2021-01-01", "--days", "90", "--outcome-delay-days", "60", "--out", raw], output, error);
            if (code != 0) return code;
        }
        else
        {
            output.WriteLine($"2/3 using the daily batches in {raw}");
        }

        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        output.WriteLine($"3/3 running the trial pipeline for {day}");
        string[] pipeline = ["pipeline", "--date", day, "--file", Path.Combine(root, "parameters", "pipeline.yaml"), "--runs-dir", runs, "-p", "RAW_DIR", raw];
        var result = CliApp.Run(args.GetValue(_inProcess) ? [.. pipeline, "--in-process"] : pipeline, output, error);

        var folder = Directory.Exists(Path.Combine(runs, day))
            ? Directory.GetDirectories(Path.Combine(runs, day)).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (folder is not null)
        {
            output.WriteLine();
            output.WriteLine($"executed notebooks and their HTML: {folder}");
            output.WriteLine($"  open {Path.Combine(folder, "inference.html")} in a browser to read the day's decisions");
            var predictions = Path.Combine(folder, "predictions.csv");
            if (File.Exists(predictions)) output.WriteLine($"predictions: {predictions}");
            output.WriteLine($"run records: creditpoc runs list --store {Path.Combine(runs, "creditpoc.db")}");
        }
        return result;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The checkout that holds this command's parameters and notebooks: the working directory or one above it.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CreditPoC.sln")) && Directory.Exists(Path.Combine(dir.FullName, "notebooks")))
                return dir.FullName;
        throw new CliError("run quickstart inside the CreditPoC repository (the folder with CreditPoC.sln, notebooks/ and parameters/)");
    }
}
