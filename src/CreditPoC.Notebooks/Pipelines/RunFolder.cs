using System.Globalization;
using System.Security.Cryptography;

namespace CreditPoC.Notebooks.Pipelines;

/// <summary>
/// The folder of one pipeline run, <c>&lt;runs&gt;/&lt;yyyy-MM-dd&gt;/&lt;run-id&gt;/</c>. The run id is the start
/// time in UTC plus four random hex digits (<c>20261123T101500Z-3fa9</c>): ids sort by start time, and running
/// the same date again makes a new folder instead of overwriting an earlier run.
/// </summary>
public sealed record RunFolder(string RunId, string Path)
{
    /// <summary>A new run id: the start time in UTC and four random hex digits.</summary>
    public static string NewId(DateTimeOffset now) =>
        $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";

    /// <summary>Creates a fresh run folder for <paramref name="date"/> under <paramref name="runsDirectory"/>.</summary>
    public static RunFolder Create(string runsDirectory, DateOnly date, DateTimeOffset now) => Create(runsDirectory, date, NewId(now));

    /// <summary>Creates the run folder of <paramref name="runId"/>; another id is drawn if that folder exists.</summary>
    public static RunFolder Create(string runsDirectory, DateOnly date, string runId)
    {
        var dayDirectory = System.IO.Path.Combine(System.IO.Path.GetFullPath(runsDirectory), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var id = attempt == 0 ? runId : $"{runId[..^5]}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
            var path = System.IO.Path.Combine(dayDirectory, id);
            if (Directory.Exists(path)) continue;
            try
            {
                Directory.CreateDirectory(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserFacingException($"cannot create the run folder {path}: {e.Message}", e);
            }
            return new RunFolder(id, path);
        }
        throw new UserFacingException($"cannot find a free run id under {dayDirectory}");
    }
}
