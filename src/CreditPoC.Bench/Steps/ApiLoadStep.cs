using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CreditPoC.Decisions;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Tracking;
using CreditPoC.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Analysis;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// <c>POST /api/v1/score</c> under load, as other systems call it: the web application on a loopback port (Kestrel),
/// the bench's model registered and promoted in a fresh store, one API key, and a bounded closed-loop load generator
/// in this process (a fixed number of connections, each sending the next application when the last answer came).
/// Everything the API does per call is on: key check, JSON parse and check, score, reasons, the decision policy's
/// rules and bands, and the queued decision record. The figures are requests per second, latency percentiles and errors.
/// </summary>
internal sealed class ApiLoadStep : IBenchStep
{
    public const double TargetRequestsPerSecond = 2_000, TargetP99Milliseconds = 10;
    private const int Connections = 4;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3), Duration = TimeSpan.FromSeconds(10);

    public string Name => "api";

    public string Description => "scoring API under load (POST /api/v1/score on loopback, key, reasons, rules, decision record)";

    public int Order => 75;

    public StepResult Run(BenchContext context)
    {
        var policyPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(context.Settings.SchemaPath))!, "decision_policy.yaml");
        if (!File.Exists(policyPath)) return StepResults.Skipped(this, $"skipped: no decision policy beside the schema ({policyPath})");

        var root = Path.Combine(context.WorkDirectory, "api");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(Path.Combine(root, "parameters"));
        File.Copy(context.Settings.SchemaPath, Path.Combine(root, "parameters", "schema.yaml"));
        File.Copy(policyPath, Path.Combine(root, "parameters", "decision_policy.yaml"));

        // The bench's model, registered with decision bands at the 40th and 90th percentile of its scores, in Production.
        var model = context.Model;
        var data = context.Data;
        var count = (int)Math.Min(Math.Max(context.Settings.SingleRows, 100), data.Rows.Count);
        var sample = data.Filter(new PrimitiveDataFrameColumn<bool>("keep", Enumerable.Range(0, (int)data.Rows.Count).Select(i => i < count)));
        var scores = model.Predict(sample).Order().ToArray();
        var bands = new ScoreBands(scores[(int)(scores.Length * 0.4)], scores[(int)(scores.Length * 0.9)]);
        var modelPath = Path.Combine(root, "model", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        model.Save(modelPath);
        var store = Path.Combine(root, "runs", "creditpoc.db");
        var registry = new ModelRegistry(store);
        var version = registry.Register(modelPath, bands.ToMetrics(), null, true, []);
        registry.Transition(version, ModelStage.Production);
        var key = new AccessStore(store).AddApiKey("bench", "bench");
        var bodies = Bodies(sample, context).ToArray();

        var app = WebApp.Build(["--urls", "http://127.0.0.1:0", "--CreditPoC:Root", root, "--Logging:LogLevel:Default", "Warning"], () => new NotebookRunner());
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            var url = new Uri(new Uri(app.Urls.First()), "/api/v1/score");
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Load(client, url, bodies, WarmUp); // JIT, pools, the model's scorers
            // Debian's wrk (C, epoll) when installed leaves the cores to the server; else the generator in this process.
            var wrk = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Select(folder => Path.Combine(folder, "wrk")).FirstOrDefault(File.Exists);
            LoadResult result = default!;
            var timings = Measure.Run(context, 1, () => result = wrk is null ? Load(client, url, bodies, Duration) : Wrk(wrk, url, key, bodies, root), skipWarmUp: true);
            var perSecond = result.Completed / result.Seconds;
            var p50 = result.P50 ?? Stats.Percentile(result.Latencies, 0.50);
            var p99 = result.P99 ?? Stats.Percentile(result.Latencies, 0.99);
            var met = perSecond >= TargetRequestsPerSecond && p99 <= TargetP99Milliseconds && result.Errors == 0;
            return StepResults.From(this, timings, result.Completed, perRow: false, target: "≥ 2,000 req/s, p99 ≤ 10 ms, no errors", met: met,
                figures: new Dictionary<string, double>
                {
                    ["requests_per_second"] = perSecond, ["p50_ms"] = p50, ["p99_ms"] = p99, ["max_ms"] = result.Latencies.Max(),
                    ["errors"] = result.Errors, ["connections"] = Connections, ["requests"] = result.Completed,
                },
                notes:
                [
                    string.Create(CultureInfo.InvariantCulture,
                        $"{result.Completed:N0} requests in {result.Seconds:F1} s over {Connections} connections: {perSecond:N0} req/s, p50 {p50:F2} ms, p99 {p99:F2} ms, {result.Errors} errors"),
                    (result.Generator == "wrk"
                        ? $"load from Debian's wrk (2 threads, {Connections} connections) on the same machine's {Environment.ProcessorCount} cores; percentiles are wrk's"
                        : $"load generator in the same process as the server (both on this machine's {Environment.ProcessorCount} cores)") +
                    $"; {Math.Min(bodies.Length, WrkBodies)} distinct applications",
                ]);
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)app).Dispose();
        }
    }

    private sealed record LoadResult(long Completed, long Errors, double Seconds, List<double> Latencies, string Generator = "in-process")
    {
        public double? P50 { get; init; }
        public double? P99 { get; init; }
    }

    private const int WrkBodies = 200;

    /// <summary>wrk with a Lua script that cycles through the applications; its done() prints the totals and percentiles.</summary>
    private static LoadResult Wrk(string wrk, Uri url, string key, byte[][] bodies, string root)
    {
        var script = new StringBuilder("local bodies = {\n");
        foreach (var body in bodies.Take(WrkBodies)) script.Append("[==[").Append(Encoding.UTF8.GetString(body)).Append("]==],\n");
        script.Append($$"""
            }
            local i = 0
            local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer {{key}}" }
            request = function()
              i = i + 1
              return wrk.format("POST", "{{url.AbsolutePath}}", headers, bodies[(i % #bodies) + 1])
            end
            response = function(status, headers, body)
              if status ~= 200 then wrk.thread:set("bad", (wrk.thread:get("bad") or 0) + 1) end
            end
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT %d %d %d %.4f %.4f %.4f\n", summary.requests, e.connect + e.read + e.write + e.timeout + e.status,
                summary.duration, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
            end
            """);
        var path = Path.Combine(root, "load.lua");
        File.WriteAllText(path, script.ToString());
        var outcome = ExternalProcess.Run(wrk, ["-t2", $"-c{Connections}", $"-d{(int)Duration.TotalSeconds}s", "--latency", "-s", path, url.ToString()], timeout: Duration + TimeSpan.FromSeconds(30));
        var line = outcome.Output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk printed no result: {outcome.Output} {outcome.Error}");
        var f = line.Split(' ');
        double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
        // wrk gives percentiles, not each latency: three points stand for the distribution.
        return new LoadResult((long)D(1), (long)D(2), D(3) / 1e6, [D(4), D(5), D(6)], "wrk") { P50 = D(4), P99 = D(5) };
    }

    /// <summary>A closed loop per connection for <paramref name="duration"/>.</summary>
    private static LoadResult Load(HttpClient client, Uri url, byte[][] bodies, TimeSpan duration)
    {
        long completed = 0, errors = 0;
        var latencies = new List<double>[Connections];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Connections).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            var i = w;
            while (clock.Elapsed < duration)
            {
                var body = bodies[i++ % bodies.Length];
                var start = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                try
                {
                    using var response = await client.PostAsync(url, content);
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode != HttpStatusCode.OK) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref completed);
            }
        })).ToArray();
        Task.WaitAll(workers);
        return new LoadResult(completed, errors, clock.Elapsed.TotalSeconds, latencies.SelectMany(l => l).ToList());
    }

    /// <summary>Each sample row as the JSON object a client sends: the application's columns (not the target), missing ones left out.</summary>
    private static IEnumerable<byte[]> Bodies(DataFrame sample, BenchContext context)
    {
        var columns = sample.Columns.Where(c => context.Schema.Find(c.Name) is { Availability: CreditPoC.Loading.Availability.Application }).ToList();
        for (var row = 0; row < sample.Rows.Count; row++)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                var value = column[row];
                if (value is null) continue;
                var isText = !context.Schema.Find(column.Name)!.IsNumeric;
                if (isText) values[column.Name] = Convert.ToString(value, CultureInfo.InvariantCulture);
                else if (Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && double.IsFinite(number)) values[column.Name] = number;
            }
            yield return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(values));
        }
    }
}
