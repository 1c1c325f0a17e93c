using System.Security.Claims;
using CreditPoC.Notebooks.Execution;
using CreditPoC.Tracking;
using CreditPoC.Web.Api;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;

namespace CreditPoC.Web;

/// <summary>
/// The credit department's web application: Razor Pages for people (cookie sign-in, roles, antiforgery on every
/// form) and a scoring API for other systems (API keys), over the repository's data, runs and run store.
/// </summary>
public static class WebApp
{
    public const string ApiKeyScheme = "ApiKey";
    public const string ApiPolicy = "api";
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Role sets, by what they allow.</summary>
    public static class Can
    {
        public const string Upload = Roles.Operator;
        public const string Run = Roles.Operator;
        public const string SeeJobs = Roles.Operator + "," + Roles.Analyst;
        public const string SeeDecisions = Roles.Operator + "," + Roles.Officer + "," + Roles.Analyst;
        public const string Review = Roles.Officer;
        public const string ReadReports = Roles.Analyst + "," + Roles.Admin;
        public const string SeeModels = Roles.Analyst + "," + Roles.Admin;
        public const string Promote = Roles.Admin;
        public const string SeeAudit = Roles.Analyst + "," + Roles.Admin;
        public const string Manage = Roles.Admin;
    }

    public static WebApplication Build(string[] args, Func<INotebookExecutor> executor, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WebApp).Assembly.GetName().Name, // the Razor Pages live here, also when the CLI hosts the app
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrls); // loopback only unless told otherwise
        configure?.Invoke(builder);

        var services = builder.Services;
        // Read when first needed, so that settings a test host adds to the configuration count.
        services.AddSingleton(sp =>
        {
            var settings = new WebSettings();
            sp.GetRequiredService<IConfiguration>().GetSection("CreditPoC").Bind(settings);
            return settings;
        });
        services.AddSingleton(sp => new StoreDatabase(sp.GetRequiredService<WebSettings>().StorePath));
        services.AddSingleton(sp => new AccessStore(sp.GetRequiredService<StoreDatabase>()));
        services.AddSingleton(sp => new WebRecords(sp.GetRequiredService<StoreDatabase>()));
        services.AddSingleton(sp => new RunStore(sp.GetRequiredService<StoreDatabase>()));
        services.AddSingleton(sp => new ModelRegistry(sp.GetRequiredService<StoreDatabase>()));
        services.AddSingleton(new JobExecutor(executor));
        services.AddSingleton<Passwords>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<Uploads>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<DayViews>();
        services.AddSingleton<ServingModels>();
        services.AddSingleton<DecisionRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionRecorder>());
        services.AddSingleton<ScoringService>();

        // Sign-in cookies and antiforgery tokens stay valid across restarts: the keys live beside the store.
        services.AddDataProtection().SetApplicationName("CreditPoC");
        services.AddOptions<KeyManagementOptions>().Configure<WebSettings, ILoggerFactory>((o, settings, logs) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(settings.StorePath)!, "web-keys")), logs));
        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Account/Denied");
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "creditpoc.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/account/signin";
                o.LogoutPath = "/account/signout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "creditpoc.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateUser;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiKeyScheme).RequireAuthenticatedUser());
        services.AddOptions<FormOptions>().Configure<WebSettings>((o, settings) => o.MultipartBodyLengthLimit = settings.MaxUploadBytes);
        services.AddOptions<KestrelServerOptions>().Configure<WebSettings>((o, settings) => o.Limits.MaxRequestBodySize = settings.MaxUploadBytes + (1 << 20));

        var app = builder.Build();
        app.Services.GetRequiredService<JobRunner>().RecoverInterrupted();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var settings = app.Services.GetRequiredService<WebSettings>();
            app.Services.GetRequiredService<JobExecutor>().Prepare(settings.RootPath, settings.WarmKernels);
        });
        app.UseExceptionHandler("/error");
        app.Use(SecurityHeaders);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/assets/{name}", Assets.Serve).AllowAnonymous();
        app.MapGet("/favicon.ico", () => Results.NoContent()).AllowAnonymous();
        app.MapGet("/error", () => Results.Problem("the server failed; the error is in its log")).AllowAnonymous();
        app.MapRazorPages();
        PageEndpoints.Map(app);
        ScoringEndpoints.Map(app);
        return app;
    }

    /// <summary>API and script calls get the status code; a browser going to a page gets the sign-in or denied page.</summary>
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/v2") || path.StartsWithSegments("/jobs") && path.Value!.EndsWith("/progress", StringComparison.Ordinal)
            || !HttpMethods.IsGet(context.Request.Method) && status == StatusCodes.Status403Forbidden)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        if (status == StatusCodes.Status403Forbidden) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return status == StatusCodes.Status403Forbidden ? context.Response.WriteAsync("403: your role does not allow this page") : Task.CompletedTask;
    }

    /// <summary>A removed user, or one whose role changed, is signed out at the next request.</summary>
    private static async Task ValidateUser(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var user = name is null ? null : context.HttpContext.RequestServices.GetRequiredService<AccessStore>().GetUser(name);
        if (user is null || user.Role != role || user.IsLocked(DateTimeOffset.UtcNow))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>Our own pages allow no inline script; reports set their own, stricter policy.</summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Frame-Options"] = "SAMEORIGIN";
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                                        "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";
        return next();
    }

    public static string UserName(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}

/// <summary>
/// The server's notebook executor, one for its lifetime and shared by every job (the CLI passes its own, which runs
/// each notebook's cells in a kernel process of its own). Made and prepared when the server starts, so that a
/// kernel-process executor has its warm spare kernel ready, having rehearsed the project's trial, before the first job;
/// disposed (ending the spare) when the server stops.
/// </summary>
public sealed class JobExecutor(Func<INotebookExecutor> create) : IDisposable
{
    private readonly Lazy<INotebookExecutor> _executor = new(create);

    public INotebookExecutor Executor => _executor.Value;

    public void Prepare(string projectDirectory, int spares) => (Executor as IPreparableExecutor)?.Prepare(projectDirectory, spares);

    public void Dispose()
    {
        if (_executor.IsValueCreated) (_executor.Value as IDisposable)?.Dispose();
    }
}
