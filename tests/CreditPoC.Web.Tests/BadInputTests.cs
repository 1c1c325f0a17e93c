using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CreditPoC.Tracking;
using CreditPoC.Trial;

namespace CreditPoC.Web.Tests;

/// <summary>What the application does with bad input: refuses it in words that name the fault, and saves nothing.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static readonly DateOnly Day = new(2021, 4, 2);

    private static string ApplicationsText(int rows = 5) =>
        string.Join('\n', File.ReadLines(new DailyFiles(TrialWorld.Instance.Raw).ApplicationsOf(TrialWorld.DecidedDay)).Take(rows + 1)) + "\n";

    private static async Task<HttpResponseMessage> Upload(HttpClient client, string fileName, string content, DateOnly day, string kind = "applications", bool token = true)
    {
        var form = new MultipartFormDataContent();
        if (token) form.Add(new StringContent(await WebHost.Token(client, "/upload")), "__RequestVerificationToken");
        form.Add(new StringContent(kind), "kind");
        form.Add(new StringContent(day.ToString("yyyy-MM-dd")), "date");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await client.PostAsync("/upload", form);
    }

    private static void AssertNothingSaved(string raw)
    {
        var files = Directory.Exists(raw) ? Directory.GetFiles(raw, "*", SearchOption.AllDirectories) : [];
        Assert.IsEmpty(files, "saved: " + string.Join(", ", files));
    }

    [TestMethod]
    public async Task AMalformedCsvIsRefusedNamingTheLineAndNothingIsSaved()
    {
        using var temp = new TempFolder();
        using var host = new WebHost(TrialWorld.Instance.Root, raw: temp.Path);
        var client = await host.SignedIn(Roles.Operator);
        var lines = ApplicationsText(3).Split('\n').ToList();
        lines[2] += ",extra,fields";
        var response = await Upload(client, "day.csv", string.Join('\n', lines), Day);
        var html = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(html, "day.csv");
        StringAssert.Contains(html, "line 3");
        AssertNothingSaved(temp.Path);
    }

    [TestMethod]
    public async Task WrongColumnsAreRefusedNamingTheColumn()
    {
        using var temp = new TempFolder();
        using var host = new WebHost(TrialWorld.Instance.Root, raw: temp.Path);
        var client = await host.SignedIn(Roles.Operator);
        var response = await Upload(client, "day.csv", "SK_ID_CURR,SOMETHING\n1,2\n", Day);
        var html = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(html, "data file day.csv lacks 120 column(s) that the schema names: NAME_CONTRACT_TYPE, CODE_GENDER"); // the loader's words
        AssertNothingSaved(temp.Path);

        // A value of the wrong type: the loader's words name the line and the column.
        var lines = ApplicationsText(2).Split('\n').ToList();
        var header = TrialWorld.CsvLine(lines[0]);
        var fields = TrialWorld.CsvLine(lines[1]);
        fields[header.IndexOf("AMT_CREDIT")] = "lots";
        lines[1] = string.Join(',', fields.Select(f => f.Contains(',') ? $"\"{f}\"" : f));
        response = await Upload(client, "typed.csv", string.Join('\n', lines), Day);
        html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(html, "AMT_CREDIT");
        StringAssert.Contains(html, "line 2");
        AssertNothingSaved(temp.Path);
    }

    [TestMethod]
    public async Task AnUploadOverTheLimitIsRefusedAndNothingIsSaved()
    {
        using var temp = new TempFolder();
        using var host = new WebHost(TrialWorld.Instance.Root, raw: temp.Path, maxUploadBytes: 20_000);
        var client = await host.SignedIn(Roles.Operator);
        var response = await Upload(client, "big.csv", ApplicationsText(200), Day);
        Assert.AreNotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue((int)response.StatusCode is 400 or 413, response.StatusCode.ToString());
        AssertNothingSaved(temp.Path);
    }

    [TestMethod]
    public async Task APathInTheFileNameIsRefused()
    {
        using var temp = new TempFolder();
        using var host = new WebHost(TrialWorld.Instance.Root, raw: Path.Combine(temp.Path, "raw"));
        var client = await host.SignedIn(Roles.Operator);
        var response = await Upload(client, "../../evil.csv", ApplicationsText(), Day);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        StringAssert.Contains(html, "is not a plain file name");
        AssertNothingSaved(temp.Path);
    }

    [TestMethod]
    public async Task AFormPostWithoutItsAntiforgeryTokenIsRefused()
    {
        using var temp = new TempFolder();
        using var host = new WebHost(TrialWorld.Instance.Root, raw: temp.Path);
        var client = await host.SignedIn(Roles.Operator);
        var response = await Upload(client, "day.csv", ApplicationsText(), Day, token: false);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        AssertNothingSaved(temp.Path);

        var signIn = await host.Anonymous().PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = TrialWorld.UserOf(Roles.Admin), ["password"] = TrialWorld.Password,
        }));
        Assert.AreEqual(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [TestMethod]
    public async Task AGoodFileIsSavedAndReplacedOnlyAfterConfirmationKeepingThePriorVersion()
    {
        using var temp = new TempFolder();
        using var host = new WebHost(TrialWorld.Instance.Root, raw: temp.Path);
        var client = await host.SignedIn(Roles.Operator);
        var first = await Upload(client, "day.csv", ApplicationsText(5), Day);
        StringAssert.Contains(await first.Content.ReadAsStringAsync(), "5 rows");
        var target = new DailyFiles(temp.Path).ApplicationsOf(Day);
        Assert.HasCount(6, File.ReadAllLines(target));

        var second = await Upload(client, "day2.csv", ApplicationsText(8), Day);
        var html = await second.Content.ReadAsStringAsync();
        StringAssert.Contains(html, "confirm to replace");
        Assert.HasCount(6, File.ReadAllLines(target), "replaced before the user confirmed");

        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"token\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        var confirm = await client.PostAsync("/upload?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value,
        }));
        StringAssert.Contains(await confirm.Content.ReadAsStringAsync(), "replaced");
        Assert.HasCount(9, File.ReadAllLines(target));
        var prior = Directory.GetFiles(Path.Combine(Path.GetDirectoryName(target)!, ".versions")).Single();
        Assert.HasCount(6, File.ReadAllLines(prior));
        var audit = new AccessStore(TrialWorld.Instance.StorePath).ListAudit("upload");
        Assert.IsTrue(audit.Any(a => a.Action == "upload.replace" && a.Detail!.Contains("day2.csv")));
    }

    [TestMethod]
    public async Task AScriptTagInACommentIsShownAsText()
    {
        using var host = WebHost.ForWorld();
        var client = await host.SignedIn(Roles.Officer);
        var page = $"/days/{TrialWorld.DecidedDay:yyyy-MM-dd}/review";
        var application = TrialWorld.Instance.Predictions().First(p => p.Decision == "review").Id;
        var response = await client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["application"] = application, ["decision"] = "approve", ["comment"] = "<script>alert('x')</script> looks fine",
            ["__RequestVerificationToken"] = await WebHost.Token(client, page),
        }));
        var html = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, html);
        Assert.IsFalse(html.Contains("<script>alert", StringComparison.Ordinal), "the comment reached the page unescaped");
        StringAssert.Contains(html, "&lt;script&gt;alert(");
        var audit = await (await host.SignedIn(Roles.Analyst)).GetStringAsync("/audit?filter=review");
        Assert.IsFalse(audit.Contains("<script>alert", StringComparison.Ordinal));
        StringAssert.Contains(audit, "&lt;script&gt;");
    }

    [TestMethod]
    public async Task AnUnknownDateIsNotFoundAndCannotBeRun()
    {
        using var host = WebHost.ForWorld();
        var officer = await host.SignedIn(Roles.Officer);
        Assert.AreEqual(HttpStatusCode.NotFound, (await officer.GetAsync("/days/2099-01-01/decisions")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await officer.GetAsync("/days/not-a-date/decisions")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await officer.GetAsync("/days/2099-01-01/decisions.csv")).StatusCode);
        var op = await host.SignedIn(Roles.Operator);
        var response = await op.PostAsync("/jobs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = "2099-01-01", ["kind"] = "inference", ["__RequestVerificationToken"] = await WebHost.Token(op, "/jobs"),
        }));
        Assert.AreEqual(HttpStatusCode.Conflict, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "2099-01-01 has no applications file");
    }

    [TestMethod]
    public async Task RunningADayThatIsAlreadyRunningIsRefused()
    {
        using var temp = new TempFolder();
        var slow = new FakeNotebookExecutor { Delay = TimeSpan.FromSeconds(3) };
        using var host = new WebHost(TrialWorld.Instance.Root, slow, raw: temp.Path);
        var client = await host.SignedIn(Roles.Operator);
        await Upload(client, "day.csv", ApplicationsText(5), Day);
        async Task<HttpResponseMessage> Run() => await client.PostAsync("/jobs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = Day.ToString("yyyy-MM-dd"), ["kind"] = "inference", ["__RequestVerificationToken"] = await WebHost.Token(client, "/jobs"),
        }));
        var first = await Run();
        Assert.AreEqual(HttpStatusCode.Redirect, first.StatusCode, await first.Content.ReadAsStringAsync());
        var second = await Run();
        Assert.AreEqual(HttpStatusCode.Conflict, second.StatusCode);
        StringAssert.Contains(await second.Content.ReadAsStringAsync(), "is already being run");

        // The first job runs to its end and frees the day.
        var id = first.Headers.Location!.ToString().Split('/')[^1];
        var job = await WaitForJob(client, id);
        Assert.AreEqual("succeeded", job.GetProperty("status").GetString(), job.ToString());
        Assert.IsTrue(job.GetProperty("tasks").EnumerateObject().All(t => t.Value.GetString() == "succeeded"), job.ToString());
        Assert.AreEqual(HttpStatusCode.Redirect, (await Run()).StatusCode);
    }

    internal static async Task<JsonElement> WaitForJob(HttpClient client, string id)
    {
        for (var i = 0; i < 600; i++)
        {
            var json = JsonDocument.Parse(await client.GetStringAsync($"/jobs/{id}/progress")).RootElement;
            if (json.GetProperty("finished").GetBoolean()) return json;
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {id} did not finish");
    }

    [TestMethod]
    public async Task AJsonApplicationWithAnUnknownOrMistypedFieldIsA400NamingTheField()
    {
        using var host = WebHost.ForWorld();
        var client = host.Anonymous();
        async Task<(HttpStatusCode, string)> Score(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/score") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TrialWorld.Instance.ApiKey);
            var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        var (status, body) = await Score("{\"AMT_INCOME_TOTL\": 1000}");
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "unknown field 'AMT_INCOME_TOTL'");
        (status, body) = await Score("{\"AMT_CREDIT\": \"lots\"}");
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "field 'AMT_CREDIT' must be a number or null, got a string");
        (status, body) = await Score("{\"CODE_GENDER\": 1}");
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "field 'CODE_GENDER' must be a string or null, got a number");
        (status, body) = await Score("{\"TARGET\": 1}");
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "'TARGET' is the outcome");
        (status, body) = await Score("{not json");
        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        StringAssert.Contains(body, "not valid JSON");
        (status, body) = await Score("[1, 2]");
        Assert.AreEqual(HttpStatusCode.BadRequest, status);

        // Missing and null fields are missing values: still scored.
        (status, body) = await Score("{\"AMT_INCOME_TOTAL\": null}");
        Assert.AreEqual(HttpStatusCode.OK, status, body);
    }

    [TestMethod]
    public async Task FiveFailedSignInsLockTheAccountAndAreAudited()
    {
        using var temp = new TempFolder();
        using var host = WebHost.ForWorld();
        var access = new AccessStore(TrialWorld.Instance.StorePath);
        var name = "lockme" + Guid.NewGuid().ToString("N")[..6];
        access.AddUser(name, Roles.Operator, new CreditPoC.Web.Services.Passwords().Hash(name, TrialWorld.Password), "test");
        var client = host.Anonymous();
        for (var i = 0; i < 5; i++)
            Assert.AreEqual(HttpStatusCode.OK, (await WebHost.SignIn(client, name, "wrong-password-" + i)).StatusCode);
        var refused = await WebHost.SignIn(client, name, TrialWorld.Password);
        Assert.AreEqual(HttpStatusCode.OK, refused.StatusCode, "signed in although locked");
        StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "locked");
        Assert.AreEqual(5, access.ListAudit(name).Count(a => a.Action == "sign_in.failed"));

        access.Unlock(name, "test");
        Assert.AreEqual(HttpStatusCode.Redirect, (await WebHost.SignIn(client, name, TrialWorld.Password)).StatusCode);
    }
}
