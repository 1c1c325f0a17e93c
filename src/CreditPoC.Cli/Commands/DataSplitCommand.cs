using System.Globalization;
using CreditPoC.Data;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc data split</c>: daily application batches and delayed outcomes.</summary>
public sealed class DataSplitCommand : ICliCommand
{
    public string Name => "data split";

    public string Summary => "split an application file into daily applications and delayed outcomes";

    public string Usage =>
        """
        creditpoc data split [--input PATH] [--start DATE] [--days N] [--outcome-delay-days N] [--out FOLDER] [--force]
          --input               application file with SK_ID_CURR and TARGET (default data/raw/application_train.csv)
          --start               first day, e.g. 2021-01-01 (the default)
          --days                days to spread the applications over, by SK_ID_CURR rank (default 90)
          --outcome-delay-days  days from an application to its known outcome (default 60)
          --out                 folder for applications/<date>.csv and outcomes/<date>.csv (default data/raw)
          --force               replace existing daily files
        """;

    public OptionSpec Options { get; } = new OptionSpec()
        .Value("input", "i").Value("start").Value("days").Value("outcome-delay-days").Value("out", "o").Flag("force");

    public int Execute(CommandArgs args, TextWriter output, TextWriter error)
    {
        var options = new SplitOptions(
            args.Get("input") ?? Path.Combine("data", "raw", "application_train.csv"),
            args.Get("out") ?? Path.Combine("data", "raw"),
            args.GetDate("start") ?? new DateOnly(2021, 1, 1),
            args.GetInt("days", 90),
            args.GetInt("outcome-delay-days", 60),
            args.Has("force"));
        if (options.Days <= 0) throw CliError.Usage($"--days must be a positive number of days, got {options.Days}");
        if (options.OutcomeDelayDays < 0)
            throw CliError.Usage($"--outcome-delay-days must be zero or more, got {options.OutcomeDelayDays}");

        var summary = DailySplitter.Split(options);
        string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        output.WriteLine($"split {summary.Applications:N0} applications over {summary.Days} days " +
                         $"({Date(summary.FirstDay)} to {Date(summary.LastDay)}) into {Path.Combine(options.OutputFolder, DailySplitter.ApplicationsFolder)}");
        output.WriteLine($"  {summary.OutcomesWritten:N0} outcomes written to {Path.Combine(options.OutputFolder, DailySplitter.OutcomesFolder)} " +
                         $"({options.OutcomeDelayDays} days after each application)");
        output.WriteLine($"  {summary.OutcomesBeyondHorizon:N0} outcomes fall after {Date(summary.LastDay)} and were not written");
        return 0;
    }
}
