using System.Threading.Channels;
using CreditPoC.Tracking;

namespace CreditPoC.Web.Services;

/// <summary>
/// Records every decision the API makes without slowing the call: the call only queues it, and a background loop
/// writes what has queued in one transaction every 200 ms (or at once when 1,000 are waiting). Stopping the server
/// writes what is left.
/// </summary>
public sealed class DecisionRecorder(WebRecords records, ILogger<DecisionRecorder> log) : BackgroundService
{
    private const int BatchSize = 1000;
    private readonly Channel<ApiDecision> _queue = Channel.CreateBounded<ApiDecision>(new BoundedChannelOptions(100_000)
    {
        SingleReader = false,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    public ValueTask RecordAsync(ApiDecision decision, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(decision, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ApiDecision>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var deadline = Task.Delay(200, stoppingToken);
                while (batch.Count < BatchSize)
                {
                    while (batch.Count < BatchSize && _queue.Reader.TryRead(out var item)) batch.Add(item);
                    if (batch.Count >= BatchSize || deadline.IsCompleted) break;
                    await Task.WhenAny(deadline, _queue.Reader.WaitToReadAsync(stoppingToken).AsTask());
                }
                Flush(batch);
            }
        }
        catch (OperationCanceledException)
        {
        }
        while (_queue.Reader.TryRead(out var item)) batch.Add(item);
        Flush(batch);
    }

    /// <summary>Writes what is queued now (for tests and shutdown).</summary>
    public void FlushNow()
    {
        var batch = new List<ApiDecision>();
        while (_queue.Reader.TryRead(out var item)) batch.Add(item);
        Flush(batch);
    }

    private void Flush(List<ApiDecision> batch)
    {
        if (batch.Count == 0) return;
        try
        {
            records.AddApiDecisions(batch);
            Interlocked.Add(ref _written, batch.Count);
        }
        catch (Exception e)
        {
            log.LogError(e, "could not record {Count} API decisions", batch.Count);
        }
        batch.Clear();
    }
}
