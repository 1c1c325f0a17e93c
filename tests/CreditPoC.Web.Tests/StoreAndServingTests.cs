using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace CreditPoC.Web.Tests;

[TestClass]
public sealed class StoreAndServingTests
{
    [TestMethod]
    public void AStoreMadeByTheFirstVersionMigratesAndKeepsItsRuns()
    {
        using var temp = new TempFolder();
        var path = temp.File("store.db");
        File.Copy(Fixtures.Path("store-v1.db"), path);
        var before = new RunStore(new StoreDatabase(path)).ListRuns().Count;
        var database = new StoreDatabase(path);
        Assert.AreEqual(StoreDatabase.LatestVersion, database.SchemaVersion());
        Assert.IsGreaterThanOrEqualTo(4, StoreDatabase.LatestVersion);
        Assert.IsGreaterThan(0, before);
        Assert.HasCount(before, new RunStore(database).ListRuns());
        var access = new AccessStore(database);
        access.AddUser("admin1", Roles.Admin, new Passwords().Hash("admin1", "a-long-password"), "test");
        Assert.AreEqual(Roles.Admin, access.GetUser("admin1")!.Role);
        Assert.AreEqual("user.add", access.ListAudit().Single().Action);
    }

    [TestMethod]
    public void PasswordsAreHashedAndKeysStoredOnlyAsTheirHash()
    {
        using var temp = new TempFolder();
        var access = new AccessStore(temp.File("s.db"));
        var passwords = new Passwords();
        access.AddUser("u1", Roles.Officer, passwords.Hash("u1", "a-long-password"), "test");
        var user = access.GetUser("u1")!;
        Assert.IsFalse(user.PasswordHash.Contains("a-long-password", StringComparison.Ordinal));
        Assert.IsTrue(passwords.Verify("u1", user.PasswordHash, "a-long-password"));
        Assert.IsFalse(passwords.Verify("u1", user.PasswordHash, "a-long-passwore"));
        Assert.ThrowsExactly<UserFacingException>(() => passwords.Hash("u1", "short"));

        var key = access.AddApiKey("erp", "test");
        Assert.IsGreaterThanOrEqualTo(43, key.Length - "cpk_".Length); // 32 bytes in base64url
        Assert.AreEqual("erp", access.FindActiveKey(AccessStore.HashKey(key)));
        var bytes = File.ReadAllBytes(temp.File("s.db")).Concat(File.Exists(temp.File("s.db-wal")) ? File.ReadAllBytes(temp.File("s.db-wal")) : []).ToArray();
        Assert.IsFalse(Encoding.ASCII.GetString(bytes).Contains(key, StringComparison.Ordinal), "the key itself is in the store");
        Assert.IsTrue(access.RevokeApiKey("erp", "test"));
        Assert.IsNull(access.FindActiveKey(AccessStore.HashKey(key)));
    }

    [TestMethod]
    public async Task AServerRestartMarksARunningJobFailed()
    {
        using var temp = new TempFolder();
        var store = Path.Combine(temp.Path, "runs", "creditpoc.db");
        var records = new WebRecords(store);
        records.StartJob("job-left-running", new DateOnly(2021, 3, 1), JobKinds.Pipeline, "op");
        // As if its server had been another process, now gone.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE jobs SET process_id = 2147483000 WHERE id = 'job-left-running';";
            Assert.AreEqual(1, command.ExecuteNonQuery());
        }
        using var host = new WebHost(temp.Path);
        using var client = host.Anonymous();
        await client.GetAsync("/v2/health/live");
        var job = records.GetJob("job-left-running")!;
        Assert.AreEqual(JobStatus.Failed, job.Status);
        StringAssert.Contains(job.Error, "interrupted");
    }

    [TestMethod]
    public async Task AnOfficersReviewIsAuditedAndInTheDownloadedCsv()
    {
        using var host = WebHost.ForWorld();
        var officer = await host.SignedIn(Roles.Officer);
        var day = TrialWorld.DecidedDay.ToString("yyyy-MM-dd");
        var reviewCase = TrialWorld.Instance.Predictions().Where(p => p.Decision == "review").Skip(1).First().Id;
        var response = await officer.PostAsync($"/days/{day}/review", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["application"] = reviewCase, ["decision"] = "reject", ["comment"] = "income not verified, \"see file\"",
            ["__RequestVerificationToken"] = await WebHost.Token(officer, $"/days/{day}/review"),
        }));
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), $"recorded: reject for application {reviewCase}");

        var csv = await officer.GetStringAsync($"/days/{day}/decisions.csv");
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.AreEqual("application_id,score,model_decision,final_decision,rules,reasons,reviewed_by,reviewed_at,comment", lines[0]);
        Assert.HasCount(TrialWorld.Instance.Predictions().Count + 1, lines);
        var row = TrialWorld.CsvLine(lines.Single(l => l.StartsWith(reviewCase + ",", StringComparison.Ordinal)));
        Assert.AreEqual("review", row[2]);
        Assert.AreEqual("reject", row[3]);
        Assert.AreEqual(TrialWorld.UserOf(Roles.Officer), row[6]);
        Assert.AreEqual("income not verified, \"see file\"", row[8]);
        var audit = new AccessStore(TrialWorld.Instance.StorePath).ListAudit("review.decide");
        Assert.IsTrue(audit.Any(a => a.Target!.EndsWith(reviewCase, StringComparison.Ordinal) && a.Actor == TrialWorld.UserOf(Roles.Officer)));
        // Shown beside the model's decision on the decisions page.
        var page = await officer.GetStringAsync($"/days/{day}/decisions?decision=review");
        StringAssert.Contains(page, "income not verified");
    }

    [TestMethod]
    public async Task TheApiScoresAndRecordsEveryDecisionInBatches()
    {
        using var host = WebHost.ForWorld();
        var client = host.Anonymous();
        var application = TrialWorld.Instance.Application(TrialWorld.DecidedDay, 3);
        var schema = CreditPoC.Loading.TableSchemaYaml.Load(Path.Combine(TrialWorld.Instance.Root, "parameters", "schema.yaml"));
        var json = new Dictionary<string, object?>();
        foreach (var (name, text) in application)
        {
            var column = schema.Find(name)!;
            json[name] = text.Length == 0 ? null : column.IsNumeric ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : text;
        }
        var before = new WebRecords(TrialWorld.Instance.StorePath).CountApiDecisions();
        var body = await Score(client, JsonSerializer.Serialize(json));
        var expected = TrialWorld.Instance.Predictions().Single(p => p.Id == application["SK_ID_CURR"]);
        Assert.AreEqual(expected.Score, body.GetProperty("score").GetDouble(), 1e-6, "the API and the day's inference disagree");
        Assert.AreEqual(expected.Decision, body.GetProperty("decision").GetString());
        Assert.AreEqual(TrialWorld.Instance.ModelVersion, body.GetProperty("model_version").GetInt64());
        Assert.HasCount(3, body.GetProperty("reasons").EnumerateArray().ToList());
        var dayReasons = File.ReadLines(Directory.GetFiles(Path.Combine(TrialWorld.Instance.Runs, TrialWorld.DecidedDay.ToString("yyyy-MM-dd")), "predictions.csv", SearchOption.AllDirectories).Single())
            .Select(TrialWorld.CsvLine).Single(f => f[0] == application["SK_ID_CURR"])[4];
        Assert.AreEqual(dayReasons, string.Join("; ", body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())), "the API's reasons differ from the day's");
        Assert.AreEqual(JsonValueKind.Array, body.GetProperty("rules").ValueKind);

        host.Services.GetRequiredService<DecisionRecorder>().FlushNow();
        await Task.Delay(300);
        Assert.IsGreaterThan(before, new WebRecords(TrialWorld.Instance.StorePath).CountApiDecisions());
    }

    [TestMethod]
    public async Task AModelPromotedByTheCliInAnotherProcessIsServedByTheNextCall()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("runs"));
        var store = Path.Combine(temp.Path, "runs", "creditpoc.db");
        new StoreDatabase(TrialWorld.Instance.StorePath).Backup(store);
        CopyParameters(temp.Path);
        var registry = new ModelRegistry(store);
        var production = registry.Production()!;
        var copy = temp.File("model2.zip");
        File.Copy(production.Path, copy);
        var next = registry.Register(copy, production.Metrics, null, true, []);

        using var host = new WebHost(temp.Path);
        var client = host.Anonymous();
        Assert.AreEqual(production.Version, (await Score(client, "{}")).GetProperty("model_version").GetInt64());

        var cli = Path.Combine(RepoRoot.Path, "src", "CreditPoC.Cli", "bin", Configuration, "net10.0", "CreditPoC.Cli.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "models", "promote", next.ToString(), "--store", store]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (var process = Process.Start(start)!)
        {
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.AreEqual(0, process.ExitCode, output);
        }
        Assert.AreEqual(next, (await Score(client, "{}")).GetProperty("model_version").GetInt64());
    }

    private static string Configuration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    internal static void CopyParameters(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "parameters"));
        foreach (var file in Directory.GetFiles(Path.Combine(TrialWorld.Instance.Root, "parameters")))
            File.Copy(file, Path.Combine(root, "parameters", Path.GetFileName(file)));
    }

    private static async Task<JsonElement> Score(HttpClient client, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/score") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TrialWorld.Instance.ApiKey);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

[TestClass]
public sealed class KServeAndBatchTests
{
    private static async Task<(HttpStatusCode Status, string Body)> Post(HttpClient client, string url, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TrialWorld.Instance.ApiKey);
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task InferTakesOneTensorPerColumnAndAnswersInTheProtocolsShape()
    {
        using var host = WebHost.ForWorld();
        var client = host.Anonymous();
        var (status, body) = await Post(client, "/v2/models/credit-default/infer", new StringContent("""
            {"id": "r1", "inputs": [
              {"name": "AMT_INCOME_TOTAL", "shape": [2], "datatype": "FP64", "data": [100000, 250000]},
              {"name": "EXT_SOURCE_2", "shape": [2], "datatype": "FP64", "data": [0.1, 0.8]},
              {"name": "CODE_GENDER", "shape": [2], "datatype": "BYTES", "data": ["F", null]}]}
            """, Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.OK, status, body);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual("credit-default", root.GetProperty("model_name").GetString());
        Assert.AreEqual("r1", root.GetProperty("id").GetString());
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.AreEqual("FP64", outputs["score"].GetProperty("datatype").GetString());
        var scores = outputs["score"].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.HasCount(2, scores);
        Assert.IsGreaterThan(scores[1], scores[0], "a low EXT_SOURCE_2 should score riskier");
        Assert.AreEqual("BYTES", outputs["decision"].GetProperty("datatype").GetString());

        (status, body) = await Post(client, "/v2/models/credit-default/infer", new StringContent(
            """{"inputs": [{"name": "CODE_GENDER", "shape": [1], "datatype": "FP64", "data": [1]}]}""", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "input 'CODE_GENDER' must have datatype BYTES");
        (status, body) = await Post(client, "/v2/models/credit-default/infer", new StringContent(
            """{"inputs": [{"name": "NOT_A_COLUMN", "shape": [1], "datatype": "FP64", "data": [1]}]}""", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "unknown input 'NOT_A_COLUMN'");

        var metadata = JsonDocument.Parse(await (await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v2/models/credit-default")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", TrialWorld.Instance.ApiKey) },
        })).Content.ReadAsStringAsync()).RootElement;
        var inputs = metadata.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("datatype").GetString());
        Assert.AreEqual("FP64", inputs["AMT_CREDIT"]);
        Assert.AreEqual("BYTES", inputs["CODE_GENDER"]);
        Assert.IsFalse(inputs.ContainsKey("TARGET"));
    }

    [TestMethod]
    public async Task BatchScoringTakesACsvAndGivesOneRowPerApplication()
    {
        using var host = WebHost.ForWorld();
        var client = host.Anonymous();
        var lines = File.ReadLines(new CreditPoC.Trial.DailyFiles(TrialWorld.Instance.Raw).ApplicationsOf(TrialWorld.DecidedDay)).Take(11).ToList();
        var (status, body) = await Post(client, "/api/v1/score/batch", new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/csv"));
        Assert.AreEqual(HttpStatusCode.OK, status, body);
        var rows = body.TrimEnd('\n').Split('\n');
        Assert.AreEqual("application_id,score,decision,rules,reasons,model_version", rows[0]);
        Assert.HasCount(11, rows);
        var predictions = TrialWorld.Instance.Predictions().ToDictionary(p => p.Id);
        foreach (var row in rows.Skip(1).Select(TrialWorld.CsvLine))
        {
            Assert.AreEqual(predictions[row[0]].Score, double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), 1e-6);
            Assert.AreEqual(predictions[row[0]].Decision, row[2]);
        }
        (status, body) = await Post(client, "/api/v1/score/batch", new StringContent(lines[0] + "\n" + lines[1] + ",1,2,3\n", Encoding.UTF8, "text/csv"));
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "the request body");
        StringAssert.Contains(body, "line 2");
    }
}

[TestClass]
public sealed class ApiDecisionsInMonitoringTests
{
    [TestMethod]
    public void MonitoringReportsTheApplicationsTheApiDecidedThatDay()
    {
        using var temp = new TempFolder();
        var store = temp.File("creditpoc.db");
        new StoreDatabase(TrialWorld.Instance.StorePath).Backup(store);
        var day = TrialWorld.DecidedDay;
        var at = new DateTimeOffset(day.Year, day.Month, day.Day, 12, 0, 0, TimeSpan.Zero);
        new WebRecords(store).AddApiDecisions(
        [
            new ApiDecision(at, "erp", "{}", TrialWorld.Instance.ModelVersion, 0.05, "approve"),
            new ApiDecision(at, "erp", "{}", TrialWorld.Instance.ModelVersion, 0.25, "review"),
            new ApiDecision(at.AddDays(1), "erp", "{}", TrialWorld.Instance.ModelVersion, 0.9, "reject"),
        ]);
        var schema = CreditPoC.Loading.TableSchemaYaml.Load(Path.Combine(TrialWorld.Instance.Root, "parameters", "schema.yaml"));
        var settings = CreditPoC.Monitoring.MonitoringSettings.Load(Path.Combine(TrialWorld.Instance.Root, "parameters", "monitoring.yaml"));
        var folder = Path.Combine(TrialWorld.Instance.Runs, day.ToString("yyyy-MM-dd"), TrialWorld.RunId);
        var report = CreditPoC.Trial.MonitoringReport.Build(new CreditPoC.Trial.MonitoringInputs(day, folder, store, TrialWorld.Instance.Raw, schema, settings));
        Assert.IsNotNull(report.ApiScored);
        Assert.AreEqual(2, report.ApiScored.Applications);
        Assert.AreEqual(1, report.ApiScored.Approved);
        Assert.AreEqual(1, report.ApiScored.Review);
        Assert.AreEqual(0.15, report.ApiScored.MeanScore!.Value, 1e-9);
        Assert.IsTrue(report.Notes.Any(n => n.StartsWith("the scoring API decided 2 application(s)", StringComparison.Ordinal)), string.Join(" | ", report.Notes));
    }
}
