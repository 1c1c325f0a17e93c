using System.CommandLine;
using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;

namespace CreditPoC.Cli.Commands;

/// <summary><c>creditpoc data split</c>: daily application batches and delayed outcomes.</summary>
public sealed class DataSplitCommand : CliVerb
{
    private readonly Option<string?> _input = CliOptions.Text("--input", "PATH",
        "application file (.csv or .parquet) with SK_ID_CURR and TARGET (default data/raw/application_train.csv)", "-i");
    private readonly Option<DateOnly?> _start = CliOptions.Date("--start", "first day, e.g. 2021-01-01 (the default)");
    private readonly Option<int?> _days = CliOptions.WholeNumber("--days", "days to spread the applications over, by SK_ID_CURR rank (default 90)");
    private readonly Option<int?> _delay = CliOptions.WholeNumber("--outcome-delay-days", "days from an application to its known outcome (default 60)");
    private readonly Option<string?> _out = CliOptions.Text("--out", "FOLDER",
        "folder for applications/<date>.csv|.parquet and outcomes/<date>.csv|.parquet (default data/raw)", "-o");
    private readonly Option<string?> _format = CliOptions.Text("--format", "csv|parquet", "the daily files' format (default csv; parquet: typed, about a fifth of the size)");
    private readonly Option<string?> _schema = CliOptions.Text("--schema", "SCHEMA.yaml",
        "column types when Parquet is read or written (default parameters/schema.yaml when it exists; \"\" for none: types from the data)");
    private readonly Option<bool> _force = CliOptions.Flag("--force", "replace existing daily files");

    public DataSplitCommand() : base("data split", "split an application file into daily applications and delayed outcomes") =>
        Declare(_input, _start, _days, _delay, _out, _format, _schema, _force);

    private static readonly string DefaultSchema = Path.Combine("parameters", "schema.yaml");

    public override int Execute(ParseResult args, TextWriter output, TextWriter error)
    {
        var options = new SplitOptions(
            args.GetValue(_input) ?? Path.Combine("data", "raw", "application_train.csv"),
            args.GetValue(_out) ?? Path.Combine("data", "raw"),
            args.GetValue(_start) ?? new DateOnly(2021, 1, 1),
            args.GetValue(_days) ?? 90,
            args.GetValue(_delay) ?? 60,
            args.GetValue(_force));
        TableFormat format;
        try
        {
            format = TableFile.ParseFormat(args.GetValue(_format) ?? "csv");
        }
        catch (UserFacingException e)
        {
            throw CliError.Usage("--format: " + e.Message);
        }
        var schemaPath = args.GetValue(_schema) ?? (File.Exists(DefaultSchema) ? DefaultSchema : "");
        var usesTable = format == TableFormat.Parquet || TableFile.IsParquet(options.InputPath);
        options = options with { Format = format, Schema = usesTable && schemaPath.Length > 0 ? TableSchemaYaml.Load(schemaPath) : null };
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
