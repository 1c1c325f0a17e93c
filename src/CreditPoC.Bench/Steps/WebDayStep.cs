using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreditPoC.Trial;
using CreditPoC.Kernel.Client;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Tracking;
using CreditPoC.Web;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Builder;

namespace CreditPoC.Bench.Steps;

/// <summary>
/// A day from the page, as an operator does it with the server warm: the web application on a loopback port, signed
/// in as an operator; the day's applications file uploaded through the upload form (the day exists, so the replacement
/// is confirmed), inference started for the date through the run form, and the job's progress polled until it ends.
/// The time is from the upload's first byte to the job's end. The server serves the trial of the repository (its
/// notebooks and parameters) over a copy of the daily files and of the run store that the pipeline step left, so that
/// its Production model serves; jobs run their notebooks with the settings' executor (the CLI's: kernel processes).
/// </summary>
internal sealed partial class WebDayStep : IBenchStep
{
    public const double TargetSeconds = 5;
    private const string Operator = "bench-operator", Password = "bench-operator-password";

    /// <summary>Between two measured days the server is left alone, as between two operators' uploads: its spare kernel gets ready.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(15);

    public string Name => "webday";

    public string Description => "a day from the page: upload the applications, run inference with the Production model, until the job ends";

    public int Order => 92;

    public StepResult Run(BenchContext context)
    {
        const string target = "≤ 5 s with the server warm";
        var repository = context.Settings.RepositoryRoot;
        var daily = new DailyFiles(Path.Combine(repository, "data", "raw"));
        var days = daily.ApplicationDays(DateOnly.MaxValue);
        if (days.Count == 0)
            return StepResults.Skipped(this, $"skipped: no daily files under {daily.ApplicationsDirectory} (run `creditpoc data split` first)", target);
        var pipelineStore = Path.Combine(context.WorkDirectory, "pipeline-runs", "creditpoc.db");
        if (!File.Exists(pipelineStore) || new ModelRegistry(pipelineStore).Serving() is not { } serving)
            return StepResults.Skipped(this, $"skipped: no Production model in {pipelineStore} (run the pipeline step first: --steps pipeline,webday)", target);

        var root = Path.Combine(context.WorkDirectory, "webday");
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var raw = Path.Combine(root, "raw");
        CopyFolder(daily.RawDirectory, raw);
        var storePath = Path.Combine(root, "runs", "creditpoc.db");
        Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
        new StoreDatabase(pipelineStore).Backup(storePath);
        new AccessStore(storePath).AddUser(Operator, Roles.Operator, new Passwords().Hash(Operator, Password), "bench");

        var day = days[^1];
        var file = new DailyFiles(raw).ApplicationsOf(day);
        if (!file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return StepResults.Skipped(this, $"skipped: the page uploads CSV files and {file} is not one", target);
        var content = File.ReadAllBytes(file);
        var applications = File.ReadLines(file).Count() - 1;
        var executor = context.Settings.NotebookExecutor;
        Func<INotebookExecutor> executors = executor is KernelProcessExecutor ? () => new KernelProcessExecutor() : () => executor;
        var app = WebApp.Build(["--urls", "http://127.0.0.1:0", "--CreditPoC:Root", repository, "--CreditPoC:Runs", Path.GetDirectoryName(storePath)!,
            "--CreditPoC:Raw", raw, "--Logging:LogLevel:Default", "Warning"], executors);
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri(app.Urls.First()),
            };
            SignIn(client);
            var runs = new List<(string Run, double DecisionsSeconds)>();
            // The warm-up day finds the server just started; each measured day comes after a pause.
            var timings = Measure.Run(context, context.Settings.Repeat, () => runs.Add(RunDay(client, day, Path.GetFileName(file), content)),
                beforeEach: () => Thread.Sleep(context.Settings.WarmUp ? Pause : TimeSpan.Zero)); // a smoke run (--quick) does not wait
            if (context.Settings.WarmUp) runs.RemoveAt(0);
            var store = new RunStore(storePath);
            var tasks = runs.Select(run => store.ListRuns(pipelineRunId: run.Run).OrderBy(r => r.StartedAt)
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Task} {r.Status} {((r.EndedAt ?? r.StartedAt) - r.StartedAt).TotalSeconds:F2} s")).ToList()).ToList();
            var decisions = Stats.Median(runs.Select(r => r.DecisionsSeconds).ToList());
            var met = timings.Median <= TargetSeconds;
            return StepResults.From(this, timings, applications, perRow: false, target: target, met: met,
                figures: new Dictionary<string, double> { ["applications"] = applications, ["median_s"] = timings.Median, ["decisions_median_s"] = decisions },
                notes:
                [
                    $"day {day:yyyy-MM-dd}: {applications:N0} applications, model version {serving.Version}; " +
                    (executor is KernelProcessExecutor ? "notebooks in kernel processes (the server's warm spare)" : "notebooks in the given executor"),
                    string.Create(CultureInfo.InvariantCulture, $"the times are to the job's end, monitoring included; the day's decisions could be read on the page after {decisions:F2} s (median, from the upload's start to the inference task's success)"),
                    "each measured day's tasks: " + string.Join(" | ", tasks.Select(t => string.Join(", ", t))),
                ]);
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
            ((IDisposable)app).Dispose();
        }
    }

    /// <summary>
    /// Upload (confirming the replacement), start inference, poll until the job ends; returns the job's pipeline run id
    /// and when, from the upload's start, the page could show the day's decisions (its inference task had succeeded).
    /// </summary>
    private static (string Run, double DecisionsSeconds) RunDay(HttpClient client, DateOnly day, string fileName, byte[] content)
    {
        var sinceUpload = Stopwatch.StartNew();
        double? decisions = null;
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(client, "/upload")), "__RequestVerificationToken" },
            { new StringContent("applications"), "kind" },
            { new StringContent(date), "date" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        var uploaded = Send(client, client.PostAsync("/upload", form));
        var confirm = ConfirmToken().Match(uploaded);
        if (confirm.Success)
        {
            using var confirmation = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = confirm.Groups[1].Value, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(FormToken().Match(uploaded).Groups[1].Value),
            });
            var replaced = Send(client, client.PostAsync("/upload?handler=Confirm", confirmation));
            if (!replaced.Contains("replaced", StringComparison.Ordinal)) throw new InvalidOperationException($"the upload's replacement was not confirmed: {replaced}");
        }
        using var start = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = date, ["kind"] = JobKinds.Inference, ["__RequestVerificationToken"] = Token(client, "/jobs"),
        });
        using var started = client.PostAsync("/jobs", start).GetAwaiter().GetResult();
        if (started.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"the job did not start: {started.StatusCode} {started.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        var id = started.Headers.Location!.ToString().Split('/')[^1];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            using var progress = JsonDocument.Parse(client.GetStringAsync($"/jobs/{id}/progress").GetAwaiter().GetResult());
            var job = progress.RootElement;
            if (decisions is null && job.GetProperty("tasks").TryGetProperty("inference", out var inference) && inference.GetString() == "succeeded")
                decisions = sinceUpload.Elapsed.TotalSeconds;
            if (job.GetProperty("finished").GetBoolean())
            {
                if (job.GetProperty("status").GetString() != JobStatus.Succeeded)
                    throw new InvalidOperationException($"job {id} {job.GetProperty("status").GetString()}: {job.GetProperty("error")}");
                return (job.GetProperty("run").GetString() ?? throw new InvalidOperationException($"job {id} names no pipeline run"),
                    decisions ?? sinceUpload.Elapsed.TotalSeconds);
            }
            Thread.Sleep(50);
        }
        throw new TimeoutException($"job {id} did not end within 10 minutes");
    }

    private static void SignIn(HttpClient client)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = Operator, ["password"] = Password, ["__RequestVerificationToken"] = Token(client, "/account/signin"),
        });
        using var response = client.PostAsync("/account/signin", form).GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in failed: {response.StatusCode}");
    }

    private static string Token(HttpClient client, string page) =>
        FormToken().Match(client.GetStringAsync(page).GetAwaiter().GetResult()) is { Success: true } m
            ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"no antiforgery token on {page}");

    private static string Send(HttpClient client, Task<HttpResponseMessage> request)
    {
        using var response = request.GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {response.StatusCode} {text}");
        return text;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("name=\"token\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex ConfirmToken();
}
