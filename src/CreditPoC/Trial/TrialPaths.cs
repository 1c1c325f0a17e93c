namespace CreditPoC.Trial;

/// <summary>
/// Where the trial blocks of one run write and read, inside the run's folder: the blocks talk only through these
/// files. A model registered by <c>learn</c> keeps its path, so a later day's inference can use it.
/// </summary>
public sealed class TrialPaths(string runDirectory)
{
    public const string PredictionsFile = "predictions.csv";
    private const string ReferenceFile = "reference.json";

    public string RunDirectory { get; } = Path.GetFullPath(runDirectory);

    /// <summary>The paths of the current run's folder (<see cref="Tracking.RunContext.Current"/>).</summary>
    public static TrialPaths ForCurrentRun() => new(Tracking.RunContext.Current.RunDirectory);

    public string Accumulated => Path.Combine(RunDirectory, "accumulated.csv");
    public string Features(DataType type) => Path.Combine(RunDirectory, $"features_{type.ToString().ToLowerInvariant()}.csv");
    public string ModelDirectory => Path.Combine(RunDirectory, "model");
    public string Model => Path.Combine(ModelDirectory, "model.zip");
    public string Reference => ReferenceFor(Model);
    public string Predictions => Path.Combine(RunDirectory, PredictionsFile);
    public string Monitoring => Path.Combine(RunDirectory, Trial.MonitoringReport.FileName);

    /// <summary>The training reference saved beside a model file.</summary>
    public static string ReferenceFor(string modelPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, ReferenceFile);

    /// <summary>The file a block needs, or an error that says which block makes it.</summary>
    public static string Require(string path, string madeBy)
    {
        if (!File.Exists(path))
            throw new UserFacingException($"{path} does not exist: it is written by {madeBy}, which has not run for this run folder");
        return path;
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
}
