using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace CreditPoC.Monitoring;

/// <summary>The thresholds of <c>parameters/monitoring.yaml</c>: drift bands, fairness limits and the quality gate.</summary>
public sealed record MonitoringSettings
{
    public DriftThresholds Drift { get; init; } = new();
    public FairnessLimits Fairness { get; init; } = new();
    public GateLimits Gate { get; init; } = new();

    /// <summary>Days of recent batches compared together with the day's batch.</summary>
    public int RollingWindowDays { get; init; } = 7;

    /// <summary>Reads the file; a missing file gives the documented defaults.</summary>
    public static MonitoringSettings Load(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return new MonitoringSettings();
        try
        {
            return new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<MonitoringSettings>(File.ReadAllText(path)) ?? new MonitoringSettings();
        }
        catch (YamlException e)
        {
            throw new UserFacingException($"{path} line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }
}
