namespace CreditPoC.Tracking;

/// <summary>
/// The run a notebook belongs to: its run folder (where the trial blocks talk through files), the run store
/// (runs and the model registry), the pipeline run id and the task name. The engine provides it, so that the
/// analyst-facing notebooks carry no plumbing parameters. In order of precedence it comes from:
/// <list type="number">
/// <item>the engine running the notebook in this process (<see cref="Use"/>);</item>
/// <item>the environment (<c>CREDITPOC_RUN_DIR</c>, <c>CREDITPOC_STORE</c>, <c>CREDITPOC_RUN_ID</c>,
/// <c>CREDITPOC_TASK</c>, <c>CREDITPOC_ATTEMPT</c>), which is how it reaches a kernel process;</item>
/// <item>a manual run when nothing is given (an analyst running cells live): <c>runs/manual</c> and
/// <c>runs/creditpoc.db</c> under the nearest folder, from the working directory up, that holds <c>parameters/</c>.</item>
/// </list>
/// <see cref="Attempt"/> is 1 for a task's first run in a run folder and 2, 3, … when it is rerun there
/// (<c>pipeline --resume RUN --only TASK</c>): what the task writes carries the number, so no attempt overwrites another.
/// </summary>
public sealed record RunContext(string RunDirectory, string StorePath, string PipelineRunId = "", string Task = "", int Attempt = 1)
{
    public const string RunDirectoryVariable = "CREDITPOC_RUN_DIR";
    public const string StoreVariable = "CREDITPOC_STORE";
    public const string RunIdVariable = "CREDITPOC_RUN_ID";
    public const string TaskVariable = "CREDITPOC_TASK";
    public const string AttemptVariable = "CREDITPOC_ATTEMPT";

    private static readonly AsyncLocal<RunContext?> Ambient = new();

    /// <summary>True when the notebook runs as a task of a pipeline run.</summary>
    public bool InPipeline => PipelineRunId.Length > 0;

    /// <summary>The context of the notebook running now (see the class remarks for where it comes from).</summary>
    public static RunContext Current => Ambient.Value ?? FromEnvironment() ?? Manual(Environment.CurrentDirectory);

    /// <summary>Makes <paramref name="context"/> current for this async flow (the cells the engine runs) until disposed.</summary>
    public static IDisposable Use(RunContext context)
    {
        var previous = Ambient.Value;
        Ambient.Value = context with { RunDirectory = Path.GetFullPath(context.RunDirectory), StorePath = Path.GetFullPath(context.StorePath) };
        return new Restore(() => Ambient.Value = previous);
    }

    /// <summary>The context from the environment, or null when <c>CREDITPOC_RUN_DIR</c> is not set.</summary>
    public static RunContext? FromEnvironment()
    {
        var runDirectory = Environment.GetEnvironmentVariable(RunDirectoryVariable);
        if (string.IsNullOrEmpty(runDirectory)) return null;
        var store = Environment.GetEnvironmentVariable(StoreVariable);
        return new RunContext(Path.GetFullPath(runDirectory),
            Path.GetFullPath(string.IsNullOrEmpty(store) ? DefaultStoreFor(runDirectory) : store),
            Environment.GetEnvironmentVariable(RunIdVariable) ?? "",
            Environment.GetEnvironmentVariable(TaskVariable) ?? "",
            int.TryParse(Environment.GetEnvironmentVariable(AttemptVariable), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var attempt) && attempt >= 1 ? attempt : 1);
    }

    /// <summary>The variables that carry this context into another process.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>
    {
        [RunDirectoryVariable] = RunDirectory,
        [StoreVariable] = StorePath,
        [RunIdVariable] = PipelineRunId,
        [TaskVariable] = Task,
        [AttemptVariable] = Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A run outside any pipeline: <c>runs/manual</c> beside the project's <c>parameters/</c> folder.</summary>
    public static RunContext Manual(string workingDirectory)
    {
        var root = ProjectRoot(workingDirectory) ?? Path.GetFullPath(workingDirectory);
        var runs = Path.Combine(root, "runs");
        return new RunContext(Path.Combine(runs, "manual"), Path.Combine(runs, "creditpoc.db"));
    }

    /// <summary>The store of a pipeline's runs folder, for a run folder laid out as <c>runs/&lt;date&gt;/&lt;run-id&gt;</c>.</summary>
    public static string DefaultStoreFor(string runDirectory) =>
        Path.GetFullPath(Path.Combine(runDirectory, "..", "..", "creditpoc.db"));

    /// <summary>The nearest folder, from <paramref name="start"/> up, that holds <c>parameters/</c>; null when none does.</summary>
    public static string? ProjectRoot(string start)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
            if (Directory.Exists(Path.Combine(folder.FullName, "parameters"))) return folder.FullName;
        return null;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
