using CreditPoC.Loading;
using CreditPoC.Trial;

namespace CreditPoC.Web;

/// <summary>
/// Where the application works: the repository's <c>data/raw</c>, <c>runs/</c>, run store and parameters. Read from
/// the configuration section <c>CreditPoC</c> (e.g. <c>--CreditPoC:Root DIR</c>); every path defaults under the root.
/// </summary>
public sealed class WebSettings
{
    public string Root { get; set; } = Directory.GetCurrentDirectory();
    public string? Store { get; set; }
    public string? Runs { get; set; }
    public string? Raw { get; set; }
    public string? Schema { get; set; }
    public string? Pipeline { get; set; }

    /// <summary>The largest upload accepted, in bytes (default 64 MiB: a day of the full data set is about 2 MB).</summary>
    public long MaxUploadBytes { get; set; } = 64L << 20;

    /// <summary>
    /// Kernel processes kept started, and rehearsed, between jobs: an inference job runs three notebooks (features, inference,
    /// monitoring), each in a kernel of its own. Each idle kernel holds a few hundred MB.
    /// </summary>
    public int WarmKernels { get; set; } = 3;

    public string RootPath => Path.GetFullPath(Root);
    public string StorePath => Path.GetFullPath(Store ?? Path.Combine(RunsPath, "creditpoc.db"));
    public string RunsPath => Path.GetFullPath(Runs ?? Path.Combine(RootPath, "runs"));
    public string RawPath => Path.GetFullPath(Raw ?? Path.Combine(RootPath, "data", "raw"));
    public string SchemaPath => Path.GetFullPath(Schema ?? Path.Combine(RootPath, "parameters", "schema.yaml"));
    public string PipelinePath => Path.GetFullPath(Pipeline ?? Path.Combine(RootPath, "parameters", "pipeline.yaml"));
    public string PolicyPath => Path.Combine(RootPath, "parameters", "decision_policy.yaml");

    public DailyFiles Daily => new(RawPath);

    private TableSchema? _schema;
    public TableSchema LoadSchema() => _schema ??= TableSchemaYaml.Load(SchemaPath);
}
