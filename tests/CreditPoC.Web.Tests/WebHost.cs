using System.Net;
using System.Text.RegularExpressions;
using CreditPoC.Notebooks.Execution;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreditPoC.Web.Tests;

/// <summary>The application in memory over a <see cref="TrialWorld"/> (or another root), with a fake notebook executor unless told otherwise.</summary>
internal sealed partial class WebHost(string root, INotebookExecutor? executor = null, long? maxUploadBytes = null, string? raw = null) : WebApplicationFactory<Program>
{
    public static WebHost ForWorld(INotebookExecutor? executor = null, long? maxUploadBytes = null) => new(TrialWorld.Instance.Root, executor, maxUploadBytes);

    public INotebookExecutor Executor { get; } = executor ?? new FakeNotebookExecutor();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("CreditPoC:Root", root);
        builder.UseSetting("CreditPoC:Pipeline", RepoRoot.File("parameters", "pipeline.yaml"));
        if (raw is not null) builder.UseSetting("CreditPoC:Raw", raw);
        if (maxUploadBytes is { } max) builder.UseSetting("CreditPoC:MaxUploadBytes", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logs => logs.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.AddSingleton(new JobExecutor(() => Executor)));
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in as the user of <paramref name="role"/>, through the sign-in form.</summary>
    public async Task<HttpClient> SignedIn(string role)
    {
        var client = Anonymous();
        var response = await SignIn(client, TrialWorld.UserOf(role), TrialWorld.Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {role} failed: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public static async Task<HttpResponseMessage> SignIn(HttpClient client, string name, string password)
    {
        var token = await Token(client, "/account/signin");
        return await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token of the form on <paramref name="page"/>.</summary>
    public static async Task<string> Token(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        return TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no antiforgery token on {page}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
