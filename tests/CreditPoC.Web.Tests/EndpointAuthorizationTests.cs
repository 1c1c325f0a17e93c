using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CreditPoC.Tracking;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CreditPoC.Web.Tests;

/// <summary>
/// Every page and endpoint, taken from the application's own EndpointDataSource so that none is missed: anonymous is
/// sent to sign in (pages) or gets 401 (endpoints), a wrong role gets 403, the right role gets its content.
/// </summary>
[TestClass]
public sealed class EndpointAuthorizationTests
{
    private const string Page = "page", Api = "api", Open = "open";

    /// <summary>Who may call each route pattern: roles, "api" (an API key) or "open". A route missing here fails the test.</summary>
    private static readonly Dictionary<string, (string Kind, string[] Roles)> Expected = new(StringComparer.Ordinal)
    {
        ["/"] = (Page, Roles.All.ToArray()),
        ["account/password"] = (Page, Roles.All.ToArray()),
        ["account/signout"] = (Page, Roles.All.ToArray()),
        ["account/signin"] = (Open, []),
        ["account/denied"] = (Open, []),
        ["upload"] = (Page, [Roles.Operator]),
        ["jobs"] = (Page, [Roles.Operator, Roles.Analyst]),
        ["jobs/{id}"] = (Page, [Roles.Operator, Roles.Analyst]),
        ["jobs/{id}/progress"] = (Page, [Roles.Operator, Roles.Analyst]),
        ["days/{date}/decisions"] = (Page, [Roles.Operator, Roles.Officer, Roles.Analyst]),
        ["days/{date}/decisions.csv"] = (Page, [Roles.Operator, Roles.Officer, Roles.Analyst]),
        ["days/{date}/review"] = (Page, [Roles.Officer]),
        ["reports"] = (Page, [Roles.Analyst, Roles.Admin]),
        ["reports/{run}/{name}"] = (Page, [Roles.Analyst, Roles.Admin]),
        ["models"] = (Page, [Roles.Analyst, Roles.Admin]),
        ["audit"] = (Page, [Roles.Analyst, Roles.Admin]),
        ["audit.csv"] = (Page, [Roles.Analyst, Roles.Admin]),
        ["admin/users"] = (Page, [Roles.Admin]),
        ["admin/keys"] = (Page, [Roles.Admin]),
        ["api/v1/score"] = (Api, []),
        ["api/v1/score/batch"] = (Api, []),
        ["v2/models/credit-default"] = (Api, []),
        ["v2/models/credit-default/ready"] = (Api, []),
        ["v2/models/credit-default/infer"] = (Api, []),
        ["v2/health/live"] = (Open, []),
        ["v2/health/ready"] = (Open, []),
        ["assets/{name}"] = (Open, []),
        ["error"] = (Open, []),
        ["favicon.ico"] = (Open, []),
    };

    private static string Concrete(string pattern) => "/" + pattern.TrimStart('/')
        .Replace("{id}", TrialWorld.Instance.JobId)
        .Replace("{date}", TrialWorld.DecidedDay.ToString("yyyy-MM-dd"))
        .Replace("{run}", TrialWorld.RunId)
        .Replace("{name}", pattern.StartsWith("assets", StringComparison.Ordinal) ? "site.css" : "inference.html");

    private static IReadOnlyList<(string Pattern, string Method)> Endpoints(WebHost host)
    {
        using var _ = host.Anonymous();
        var source = host.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Pattern: e.RoutePattern.RawText!.TrimStart('/') is { Length: > 0 } p ? p.ToLowerInvariant() : "/", Method: m)))
            .Where(e => !e.Pattern.EndsWith("index", StringComparison.OrdinalIgnoreCase)) // Razor's "Index" alias of "/"
            .Distinct().ToList();
    }

    [TestMethod]
    public void EveryEndpointIsClassified()
    {
        using var host = WebHost.ForWorld();
        var endpoints = Endpoints(host);
        var unknown = endpoints.Where(e => !Expected.ContainsKey(e.Pattern)).Select(e => $"{e.Method} {e.Pattern}").ToList();
        Assert.IsEmpty(unknown, "endpoints with no expected roles: " + string.Join(", ", unknown));
        var gone = Expected.Keys.Where(k => endpoints.All(e => e.Pattern != k)).ToList();
        Assert.IsEmpty(gone, "expected endpoints that the app no longer has: " + string.Join(", ", gone));
        Assert.IsGreaterThanOrEqualTo(25, endpoints.Count);
    }

    [TestMethod]
    public async Task AnonymousIsSentToSignInOrRefused()
    {
        using var host = WebHost.ForWorld();
        var client = host.Anonymous();
        foreach (var (pattern, method) in Endpoints(host))
        {
            var (kind, _) = Expected[pattern];
            if (kind == Open) continue;
            var response = await client.SendAsync(Request(method, Concrete(pattern)));
            var where = $"{method} {pattern}";
            if (kind == Api || pattern.EndsWith("progress", StringComparison.Ordinal))
                Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, where);
            else if (method == "GET")
            {
                Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, where);
                StringAssert.Contains(response.Headers.Location!.ToString(), "/account/signin", where);
            }
            else Assert.IsTrue(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, $"{where}: {response.StatusCode}");
        }
    }

    [TestMethod]
    public async Task AWrongRoleIsForbiddenAndTheRightRoleSucceeds()
    {
        using var host = WebHost.ForWorld();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All) clients[role] = await host.SignedIn(role);
        var checkedCount = 0;
        foreach (var (pattern, method) in Endpoints(host).Where(e => e.Method == "GET"))
        {
            var (kind, allowed) = Expected[pattern];
            if (kind != Page) continue;
            if (pattern == "account/signout") continue; // a form post only
            foreach (var role in Roles.All)
            {
                var response = await clients[role].GetAsync(Concrete(pattern));
                var where = $"GET {pattern} as {role}";
                if (allowed.Contains(role)) Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{where}: {await response.Content.ReadAsStringAsync()}");
                else Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode, where);
                checkedCount++;
            }
        }
        Assert.IsGreaterThanOrEqualTo(60, checkedCount);
    }

    [TestMethod]
    public async Task ApiEndpointsNeedAKeyAndWorkWithIt()
    {
        using var host = WebHost.ForWorld();
        var client = host.Anonymous();
        // A signed-in person's cookie is not an API key.
        var officer = await host.SignedIn(Roles.Admin);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await officer.PostAsync("/api/v1/score", Json("{}"))).StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/v1/score") { Content = Json("{}") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "cpk_not-a-key");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

        foreach (var (pattern, method) in Endpoints(host).Where(e => Expected[e.Pattern].Kind == Api))
        {
            var request = Request(method, Concrete(pattern));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TrialWorld.Instance.ApiKey);
            request.Content = pattern switch
            {
                "api/v1/score" => Json("{\"AMT_INCOME_TOTAL\": 120000, \"CODE_GENDER\": \"F\"}"),
                "api/v1/score/batch" => new StringContent(string.Join('\n', File.ReadLines(new CreditPoC.Trial.DailyFiles(TrialWorld.Instance.Raw).ApplicationsOf(TrialWorld.DecidedDay)).Take(4)) + "\n", Encoding.UTF8, "text/csv"),
                "v2/models/credit-default/infer" => Json("{\"inputs\":[{\"name\":\"AMT_INCOME_TOTAL\",\"shape\":[2],\"datatype\":\"FP64\",\"data\":[100000,250000]}," +
                                                         "{\"name\":\"NAME_CONTRACT_TYPE\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"Cash loans\",null]}]}"),
                _ => null,
            };
            var response = await client.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{method} {pattern}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
