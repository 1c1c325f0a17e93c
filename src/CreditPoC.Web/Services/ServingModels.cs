using CreditPoC.Decisions;
using CreditPoC.Tracking;
using CreditPoC.Trial;

namespace CreditPoC.Web.Services;

/// <summary>
/// The model that serves the API (<see cref="TrialModels.Serving"/>), loaded once and reloaded when the registry's
/// serving version changes — also when another process (the CLI's <c>models promote</c>, a pipeline) promotes one:
/// every call asks the store's <c>data_version</c> (microseconds), and only a change makes it read the registry.
/// </summary>
public sealed class ServingModels(WebSettings settings, StoreDatabase database, ModelRegistry registry) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StoreWatch _watch = database.Watch();
    private long _seenVersion = long.MinValue;
    private ServingModel? _current;
    private string? _whyNone;

    public DecisionPolicy Policy { get; } = DecisionPolicy.Load(settings.PolicyPath);

    /// <summary>The serving model, or null with <paramref name="whyNot"/> saying why none serves.</summary>
    public ServingModel? Current(out string? whyNot)
    {
        var version = _watch.DataVersion();
        if (version != Volatile.Read(ref _seenVersion))
        {
            lock (_gate)
            {
                if (version != _seenVersion)
                {
                    var record = registry.Serving();
                    if (record is null) { _current = null; }
                    else if (_current?.Version != record.Version || _current.Path != record.Path)
                    {
                        try
                        {
                            _current = TrialModels.Serving(new RunContext(settings.RunsPath, settings.StorePath));
                            _whyNone = null;
                        }
                        catch (UserFacingException e)
                        {
                            _current = null;
                            _whyNone = e.Message;
                        }
                    }
                    if (record is null)
                    {
                        try { TrialModels.Serving(new RunContext(settings.RunsPath, settings.StorePath)); }
                        catch (UserFacingException e) { _whyNone = e.Message; }
                    }
                    Volatile.Write(ref _seenVersion, version);
                }
            }
        }
        var current = _current;
        whyNot = current is null ? _whyNone ?? "no model serves" : null;
        return current;
    }

    public void Dispose() => _watch.Dispose();
}
