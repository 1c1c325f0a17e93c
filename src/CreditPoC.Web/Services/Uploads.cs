using System.Globalization;
using CreditPoC.Loading;
using CreditPoC.Tracking;

namespace CreditPoC.Web.Services;

public enum UploadKind { Applications, Outcomes }

/// <summary>What became of an upload: saved, waiting for the user to confirm replacing the day's file, or refused.</summary>
public sealed record UploadResult(bool Saved, string? ConfirmToken, string Message, int Rows = 0);

/// <summary>
/// A day's applications or outcomes file from the page: streamed to a staging file (with the size limit), checked
/// against the schema with the same loader and words as the CLI, and only then put in place. A day that already has a
/// file is replaced only after the user confirms; the old file is kept under <c>.versions/</c>. Nothing from the
/// request names a path: the place is made from the kind and the date alone.
/// </summary>
public sealed class Uploads(WebSettings settings, AccessStore access)
{
    private string StagingDirectory => Path.Combine(settings.RawPath, ".staging");

    public static bool TryParseKind(string? text, out UploadKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind);

    /// <summary>The name the user gave, when it is a plain file name ending in .csv; an error otherwise.</summary>
    public static string CheckFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new UserFacingException("choose a CSV file to upload");
        if (name.Contains('/') || name.Contains('\\') || name.Contains("..", StringComparison.Ordinal) || name.Any(char.IsControl) || name.Length > 200)
            throw new UserFacingException($"the file name '{name}' is not a plain file name: rename the file (no folders, no '..') and upload it again");
        if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            throw new UserFacingException($"{name}: upload a .csv file (comma-separated, with a header line)");
        return name;
    }

    public string Target(UploadKind kind, DateOnly date) =>
        kind == UploadKind.Applications ? settings.Daily.ApplicationsOf(date) : settings.Daily.OutcomesOf(date);

    public async Task<UploadResult> ReceiveAsync(UploadKind kind, DateOnly date, string? fileName, Stream content, string user, CancellationToken cancellationToken)
    {
        var name = CheckFileName(fileName);
        Directory.CreateDirectory(StagingDirectory);
        var token = Guid.NewGuid().ToString("N");
        var staged = StagedPath(token);
        try
        {
            await using (var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > settings.MaxUploadBytes)
                        throw new UserFacingException($"{name} is larger than the limit of {settings.MaxUploadBytes / (1 << 20):N0} MiB: split it, or ask an admin to raise CreditPoC:MaxUploadBytes");
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            var rows = Validate(kind, staged, name);
            var target = Target(kind, date);
            if (File.Exists(target) || File.Exists(Path.ChangeExtension(target, TableFile.ParquetExtension)))
            {
                File.WriteAllText(staged + ".meta", string.Join('\n', kind, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), name, rows.ToString(CultureInfo.InvariantCulture)));
                return new UploadResult(false, token, $"{date:yyyy-MM-dd} already has a {Word(kind)} file: confirm to replace it (the old file is kept as a prior version)", rows);
            }
            Place(staged, target);
            access.Audit(user, "upload", $"{Word(kind)} {date:yyyy-MM-dd}", $"{name}, {rows:N0} rows");
            return new UploadResult(true, null, $"saved {name} as the {Word(kind)} of {date:yyyy-MM-dd}: {rows:N0} rows", rows);
        }
        catch
        {
            File.Delete(staged);
            throw;
        }
    }

    /// <summary>Replaces the day's file with the staged upload <paramref name="token"/> after the user confirmed.</summary>
    public UploadResult Confirm(string token, string user)
    {
        if (token.Length != 32 || !token.All(char.IsAsciiHexDigitLower)) throw new UserFacingException("this upload is unknown or expired: upload the file again");
        var staged = StagedPath(token);
        if (!File.Exists(staged) || !File.Exists(staged + ".meta")) throw new UserFacingException("this upload is unknown or expired: upload the file again");
        var meta = File.ReadAllText(staged + ".meta").Split('\n');
        var kind = Enum.Parse<UploadKind>(meta[0]);
        var date = DateOnly.ParseExact(meta[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var target = Target(kind, date);
        var versions = Path.Combine(Path.GetDirectoryName(target)!, ".versions");
        Directory.CreateDirectory(versions);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
        foreach (var old in new[] { target, Path.ChangeExtension(target, TableFile.ParquetExtension) }.Where(File.Exists))
            File.Move(old, Path.Combine(versions, $"{Path.GetFileNameWithoutExtension(old)}.{stamp}{Path.GetExtension(old)}"));
        Place(staged, Path.ChangeExtension(target, TableFile.CsvExtension));
        File.Delete(staged + ".meta");
        access.Audit(user, "upload.replace", $"{Word(kind)} {date:yyyy-MM-dd}", $"{meta[2]}, {meta[3]} rows; prior version kept in {Path.GetFileName(versions)}/");
        return new UploadResult(true, null, $"replaced the {Word(kind)} of {date:yyyy-MM-dd} with {meta[2]}: {int.Parse(meta[3], CultureInfo.InvariantCulture):N0} rows; the old file is kept as a prior version");
    }

    private string StagedPath(string token) => Path.Combine(StagingDirectory, token + ".csv");

    private static void Place(string staged, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged, target, overwrite: false);
    }

    /// <summary>Loads the file strictly against the schema's columns for its kind; the loader's message names the line and column, with the user's file name.</summary>
    private int Validate(UploadKind kind, string staged, string name)
    {
        var schema = settings.LoadSchema();
        var columns = kind == UploadKind.Applications
            ? schema.Columns.Where(c => c.Name != schema.TargetColumn)
            : schema.Columns.Where(c => c.Name == schema.IdColumn || c.Name == schema.TargetColumn);
        var subset = new TableSchema(columns, schema.IdColumn, kind == UploadKind.Outcomes ? schema.TargetColumn : null, schema.PositiveLabel);
        try
        {
            var data = CsvTableLoader.Load(staged, subset, strict: true, allowNoRows: true);
            return (int)data.Rows.Count;
        }
        catch (UserFacingException e)
        {
            throw new UserFacingException(e.Message.Replace(staged, name, StringComparison.Ordinal));
        }
    }

    private static string Word(UploadKind kind) => kind == UploadKind.Applications ? "applications" : "outcomes";
}
