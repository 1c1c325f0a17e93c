using System.Globalization;
using System.Text.RegularExpressions;
using CreditPoC.Loading;

namespace CreditPoC.Trial;

/// <summary>
/// Where the trial blocks of one run write and read, inside the run's folder: the blocks talk only through these
/// files, and this class owns every one of their names. The tables passed between blocks (the accumulated training
/// set, the feature tables) are Parquet: typed, compressed, and not parsed again by the next block; predictions stay
/// CSV, for people. A model registered by <c>learn</c> keeps its path, so a later day's inference can use it.
/// <para>
/// Attempts: a task rerun in an earlier run's folder (<c>pipeline --resume RUN --only TASK</c>) is that task's attempt
/// 2, 3, … and writes its files with the number in the name (<c>features_train.2.parquet</c>, <c>model.2/</c>), so
/// nothing an earlier attempt wrote is overwritten. The properties give the paths this attempt writes;
/// <see cref="Latest"/> and <see cref="Require"/> give the newest attempt's file that exists, which is what a
/// later task reads.
/// </para>
/// </summary>
public sealed partial class TrialPaths(string runDirectory, int attempt = 1)
{
    public const string PredictionsFile = "predictions.csv";
    private const string ReferenceFile = "reference.json";
    private const string ModelFolder = "model";

    public string RunDirectory { get; } = Path.GetFullPath(runDirectory);

    /// <summary>The attempt of the task that uses these paths: 1 for a first run, 2 or more for a rerun of the task in the same folder.</summary>
    public int Attempt { get; } = attempt >= 1 ? attempt : throw new ArgumentOutOfRangeException(nameof(attempt), "attempts count from 1");

    /// <summary>The paths of the current run's folder and the current task's attempt (<see cref="Tracking.RunContext.Current"/>).</summary>
    public static TrialPaths ForCurrentRun()
    {
        var context = Tracking.RunContext.Current;
        return new(context.RunDirectory, context.Attempt);
    }

    /// <summary>The accumulated training set this attempt writes.</summary>
    public string Accumulated => Numbered("accumulated" + TableFile.ParquetExtension);

    /// <summary>The feature table for train or test data this attempt writes.</summary>
    public string Features(DataType type) => Numbered($"features_{type.ToString().ToLowerInvariant()}{TableFile.ParquetExtension}");

    /// <summary>The folder this attempt's model goes in: <c>model/</c>, or <c>model.N/</c> for attempt N.</summary>
    public string ModelDirectory => Path.Combine(RunDirectory, Attempt == 1 ? ModelFolder : $"{ModelFolder}.{Attempt.ToString(CultureInfo.InvariantCulture)}");
    public string Model => Path.Combine(ModelDirectory, "model.zip");

    /// <summary>Where learn saves a model of this kind: <see cref="Model"/> (an ML.NET zip) or <c>scorecard.yaml</c> beside it.</summary>
    public string ModelFor(string kind) =>
        TrialModelKind.Check(kind) == Modeling.ModelKinds.Scorecard ? Path.Combine(ModelDirectory, "scorecard.yaml") : Model;
    public string Reference => ReferenceFor(Model);
    public string Predictions => Numbered(PredictionsFile);
    public string Monitoring => Numbered(Trial.MonitoringReport.FileName);

    /// <summary>The training reference of the newest model folder of this run that has one (<c>model/</c> when none has).</summary>
    public string LatestReference =>
        Directory.Exists(RunDirectory)
            ? Directory.EnumerateDirectories(RunDirectory, ModelFolder + "*")
                .Select(folder => (Folder: folder, Attempt: AttemptOf(Path.GetFileName(folder), ModelFolder, "")))
                .Where(m => m.Attempt is not null && File.Exists(Path.Combine(m.Folder, ReferenceFile)))
                .OrderByDescending(m => m.Attempt)
                .Select(m => Path.Combine(m.Folder, ReferenceFile))
                .FirstOrDefault() ?? Path.Combine(RunDirectory, ModelFolder, ReferenceFile)
            : Path.Combine(RunDirectory, ModelFolder, ReferenceFile);

    /// <summary>The training reference saved beside a model file.</summary>
    public static string ReferenceFor(string modelPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, ReferenceFile);

    /// <summary>
    /// The newest attempt of the file <paramref name="path"/> names (any attempt's name of it: <c>x.parquet</c> or
    /// <c>x.3.parquet</c>) that exists in its folder; <paramref name="path"/> itself when none does.
    /// </summary>
    public static string Latest(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        var (stem, extension) = BaseName(Path.GetFileName(full));
        if (!Directory.Exists(folder)) return full;
        return Directory.EnumerateFiles(folder, stem + "*" + extension)
            .Select(file => (File: file, Attempt: AttemptOf(Path.GetFileName(file), stem, extension)))
            .Where(f => f.Attempt is not null)
            .OrderByDescending(f => f.Attempt)
            .Select(f => f.File)
            .FirstOrDefault() ?? full;
    }

    /// <summary>The newest attempt of the file a block needs (see <see cref="Latest"/>), or an error that says which block makes it.</summary>
    public static string Require(string path, string madeBy)
    {
        var latest = Latest(path);
        if (!File.Exists(latest))
            throw new UserFacingException($"{latest} does not exist: it is written by {madeBy}, which has not run for this run folder");
        return latest;
    }

    /// <summary>The input of feature engineering: the accumulated training set, or the day's applications.</summary>
    public string FeatureInput(DataType type, DailyFiles raw, DateOnly date) => type == DataType.Train
        ? Require(Accumulated, "accumulate")
        : File.Exists(raw.ApplicationsOf(date)) ? raw.ApplicationsOf(date)
        : throw new UserFacingException($"no applications arrived on {date:yyyy-MM-dd}: {raw.ApplicationsOf(date)} does not exist");

    public static DataType ParseDataType(string text) =>
        Enum.TryParse<DataType>(text, ignoreCase: true, out var type) && Enum.IsDefined(type)
            ? type
            : throw new UserFacingException($"DATA_TYPE must be train or test, got '{text}'");

    /// <summary><paramref name="name"/> in the run folder, with this attempt's number before the extension from attempt 2 on.</summary>
    private string Numbered(string name)
    {
        if (Attempt == 1) return Path.Combine(RunDirectory, name);
        var (stem, extension) = BaseName(name);
        return Path.Combine(RunDirectory, $"{stem}.{Attempt.ToString(CultureInfo.InvariantCulture)}{extension}");
    }

    /// <summary>A file name's stem without any attempt number, and its extension: <c>features_train.2.parquet</c> → (<c>features_train</c>, <c>.parquet</c>).</summary>
    private static (string Stem, string Extension) BaseName(string name)
    {
        var extension = Path.GetExtension(name);
        var stem = Path.GetFileNameWithoutExtension(name);
        var match = AttemptSuffix().Match(stem);
        return (match.Success ? stem[..match.Index] : stem, extension);
    }

    /// <summary>The attempt a name stands for: <c>stem + extension</c> is 1, <c>stem.N + extension</c> is N; null for other names.</summary>
    private static int? AttemptOf(string name, string stem, string extension)
    {
        if (!name.EndsWith(extension, StringComparison.Ordinal) || !name.StartsWith(stem, StringComparison.Ordinal)) return null;
        var middle = name[stem.Length..^extension.Length];
        if (middle.Length == 0) return 1;
        return middle[0] == '.' && int.TryParse(middle.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : null;
    }

    [GeneratedRegex(@"\.[0-9]+$")]
    private static partial Regex AttemptSuffix();
}
