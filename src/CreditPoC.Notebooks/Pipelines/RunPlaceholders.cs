using System.Globalization;
using System.Text.RegularExpressions;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>
/// Placeholders that pipeline parameter values may use, filled in for each run:
/// <c>{date}</c> the run date as yyyy-MM-dd; <c>{date:FORMAT}</c> the date in a .NET format such as
/// <c>{date:yyyyMMdd}</c>; <c>{run_dir}</c> the run folder's full path (for outputs the next task reads);
/// <c>{run_id}</c> the run's id; <c>{task}</c> the task's name. Other braces are left as they are.
/// </summary>
public static partial class RunPlaceholders
{
    public static string Fill(string value, DateOnly date, string runDirectory, string runId, string task = "") =>
        Placeholder().Replace(value, m => m.Groups["name"].Value switch
        {
            "date" when m.Groups["format"].Success => date.ToString(m.Groups["format"].Value, CultureInfo.InvariantCulture),
            "date" => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "run_dir" => runDirectory,
            "run_id" => runId,
            "task" => task,
            _ => m.Value,
        });

    [GeneratedRegex(@"\{(?<name>date|run_dir|run_id|task)(?::(?<format>[^{}]+))?\}")]
    private static partial Regex Placeholder();
}
