using System.Globalization;
using System.Text;
using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;

namespace CreditPoC.Web.Api;

/// <summary>The non-page endpoints the pages use: job progress (polled), CSV downloads, and the notebook reports.</summary>
public static class PageEndpoints
{
    /// <summary>What a report page may do: run its own inline scripts (plotly) in an opaque origin, reach nothing else.</summary>
    public const string ReportPolicy = "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " +
                                       "img-src data:; font-src data:; frame-ancestors 'self'";

    public static void Map(WebApplication app)
    {
        app.MapGet("/jobs/{id}/progress", (string id, WebRecords records) =>
        {
            var job = records.GetJob(id);
            return job is null ? Results.NotFound(new { error = $"no job {id}" }) : Results.Json(new
            {
                id = job.Id, date = job.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = job.Kind, status = job.Status,
                finished = job.Finished, run = job.PipelineRunId, error = job.Error, tasks = job.Progress,
            });
        }).RequireAuthorization(new AuthorizeAttribute { Roles = WebApp.Can.SeeJobs });

        app.MapGet("/days/{date}/decisions.csv", (string date, DayViews days, AccessStore access, HttpContext context) =>
        {
            if (!TryDate(date, out var day)) return Results.NotFound($"'{date}' is not a date (yyyy-MM-dd)");
            var decisions = days.Decisions(day);
            if (decisions is null) return Results.NotFound($"{day:yyyy-MM-dd} has no decisions yet: run the day first");
            access.Audit(context.User.UserName(), "download.decisions", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{decisions.Rows.Count} rows");
            return Results.File(Encoding.UTF8.GetBytes(DayViews.FinalCsv(decisions)), "text/csv; charset=utf-8", $"decisions-{day:yyyy-MM-dd}.csv");
        }).RequireAuthorization(new AuthorizeAttribute { Roles = WebApp.Can.SeeDecisions });

        app.MapGet("/reports/{run}/{name}", (string run, string name, DayViews days, HttpContext context) =>
        {
            var path = days.ReportPath(run, name);
            if (path is null) return Results.NotFound("no such report");
            context.Response.Headers.ContentSecurityPolicy = ReportPolicy;
            context.Response.Headers["X-Frame-Options"] = "SAMEORIGIN";
            return Results.File(path, "text/html; charset=utf-8");
        }).RequireAuthorization(new AuthorizeAttribute { Roles = WebApp.Can.ReadReports });

        app.MapGet("/audit.csv", (string? filter, AccessStore access) =>
        {
            var csv = new StringBuilder("id,at,actor,action,target,detail\n");
            foreach (var e in access.ListAudit(filter, 100_000))
                csv.Append(string.Join(',', e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture),
                    DayViews.Csv(e.Actor), DayViews.Csv(e.Action), DayViews.Csv(e.Target), DayViews.Csv(e.Detail))).Append('\n');
            return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "audit.csv");
        }).RequireAuthorization(new AuthorizeAttribute { Roles = WebApp.Can.SeeAudit });
    }

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
