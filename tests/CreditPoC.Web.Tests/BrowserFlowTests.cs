using System.Globalization;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Tracking;
using CreditPoC.Trial;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace CreditPoC.Web.Tests;

/// <summary>
/// The whole flow in a real browser: Debian's chromium driven by Playwright against the app on a loopback port,
/// with the real notebook runner. An operator uploads a generated day, runs it and watches the progress reach the
/// end, opens the decisions; an officer decides a review case; the downloaded CSV has every application and the
/// officer's decision. Screenshots of each step are saved as test output.
/// </summary>
[TestClass]
[TestCategory("Slow")]
[DoNotParallelize] // notebooks run in this process
public sealed class BrowserFlowTests
{
    private static readonly DateOnly Day = new(2021, 3, 25);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task OperatorUploadsAndRunsADayOfficerDecidesACaseTheCsvHasTheRows()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium)) Assert.Inconclusive("Debian's chromium is not installed (apt-get install -y chromium; .ci/run does)");
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("runs"));
        new StoreDatabase(TrialWorld.Instance.StorePath).Backup(Path.Combine(temp.Path, "runs", "creditpoc.db"));
        StoreAndServingTests.CopyParameters(temp.Path);
        var upload = temp.File($"applications-{Day:yyyy-MM-dd}.csv");
        File.Copy(new DailyFiles(TrialWorld.Instance.Raw).ApplicationsOf(Day), upload);
        var applications = File.ReadLines(upload).Count() - 1;

        await using var app = WebApp.Build(["--urls", "http://127.0.0.1:0", "--CreditPoC:Root", temp.Path,
            "--CreditPoC:Pipeline", RepoRoot.File("parameters", "pipeline.yaml"), "--Logging:LogLevel:Default", "Warning"], () => new NotebookRunner());
        await app.StartAsync();
        var baseUrl = app.Urls.First();

        var shots = Path.Combine(AppContext.BaseDirectory, "screenshots"); // kept after the run, and attached as result files
        Directory.CreateDirectory(shots);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        async Task Shot(string name)
        {
            var path = Path.Combine(shots, name + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddResultFile(path);
        }

        // The operator signs in, uploads the day and runs it.
        await SignIn(page, Roles.Operator);
        await Shot("01-dashboard-operator");
        await page.GotoAsync("/upload");
        await page.SelectOptionAsync("#kind", "applications");
        await page.FillAsync("#date", Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.SetInputFilesAsync("#file", upload);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.ClickAsync("#upload");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"{applications:N0} rows");
        await Shot("02-uploaded");
        await page.ClickAsync("#to-run");
        await page.SelectOptionAsync("#kind", "inference");
        await page.ClickAsync("#run");
        await page.WaitForURLAsync("**/jobs/job-*");
        await Shot("03-job-started");
        await page.WaitForSelectorAsync("#job[data-finished='true']", new PageWaitForSelectorOptions { Timeout = 300_000 });
        Console.WriteLine($"{applications:N0} applications: upload clicked to job finished (features, inference, monitoring notebooks, in-process runner, first run in this process) in {clock.Elapsed.TotalSeconds:F1} s");
        await Shot("04-job-finished");
        var status = await page.Locator(".job-status").InnerTextAsync();
        Assert.AreEqual("succeeded", status, await page.Locator("#tasks").InnerTextAsync());
        var tasks = await page.Locator("#tasks tbody tr").AllInnerTextsAsync();
        Assert.IsTrue(tasks.Count >= 3 && tasks.All(t => t.EndsWith("succeeded", StringComparison.Ordinal)), string.Join(" | ", tasks));

        // The same day again, now that the notebook engine is warm in this process.
        await page.GotoAsync($"/jobs?date={Day:yyyy-MM-dd}");
        await page.SelectOptionAsync("#kind", "inference");
        var warm = System.Diagnostics.Stopwatch.StartNew();
        await page.ClickAsync("#run");
        await page.WaitForSelectorAsync("#job[data-finished='true']", new PageWaitForSelectorOptions { Timeout = 300_000 });
        Console.WriteLine($"{applications:N0} applications: run clicked to job finished, warm, in {warm.Elapsed.TotalSeconds:F1} s");
        Assert.AreEqual("succeeded", await page.Locator(".job-status").InnerTextAsync());

        await page.ClickAsync("#to-decisions");
        await Assertions.Expect(page.Locator("#decisions tbody tr").First).ToBeVisibleAsync();
        await Shot("05-decisions");
        await page.ClickAsync("#signout");

        // The officer decides the first case of the review queue.
        await SignIn(page, Roles.Officer);
        await page.GotoAsync($"/days/{Day:yyyy-MM-dd}/review");
        var form = page.Locator("form.review-form").First;
        var application = await form.Locator("input[name=application]").InputValueAsync();
        await form.Locator("select[name=decision]").SelectOptionAsync("reject");
        await form.Locator("input[name=comment]").FillAsync("<b>debts</b> not declared");
        await form.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"recorded: reject for application {application}");
        await Assertions.Expect(page.Locator(".comment").First).ToHaveTextAsync("<b>debts</b> not declared");
        await Shot("06-review-decided");

        // The final decisions download as CSV: every application, the officer's decision on the case.
        await page.GotoAsync($"/days/{Day:yyyy-MM-dd}/decisions?decision=review");
        await Shot("07-decisions-reviewed");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));
        var csvPath = Path.Combine(shots, "decisions.csv");
        await download.SaveAsAsync(csvPath);
        TestContext.AddResultFile(csvPath);
        var lines = File.ReadAllLines(csvPath);
        Assert.HasCount(applications + 1, lines);
        var row = TrialWorld.CsvLine(lines.Single(l => l.StartsWith(application + ",", StringComparison.Ordinal)));
        Assert.AreEqual("reject", row[3]);
        Assert.AreEqual(TrialWorld.UserOf(Roles.Officer), row[6]);
        Assert.IsEmpty(problems, "browser console errors (a CSP violation?): " + string.Join(" | ", problems));
        await app.StopAsync();
    }

    private static async Task SignIn(IPage page, string role)
    {
        await page.GotoAsync("/");
        await page.FillAsync("#name", TrialWorld.UserOf(role));
        await page.FillAsync("#password", TrialWorld.Password);
        await page.ClickAsync("#signin");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(TrialWorld.UserOf(role));
    }
}
