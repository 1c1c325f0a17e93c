using CreditPoC.Tracking;
using CreditPoC.Web.Api;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.SeeJobs)]
public sealed class JobsModel(JobRunner jobs, WebRecords records) : PageModel
{
    public IReadOnlyList<JobRecord> Jobs { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Date { get; private set; }

    public void OnGet(string? date)
    {
        Date = date;
        Jobs = records.ListJobs();
    }

    public IActionResult OnPost(string? date, string? kind)
    {
        if (!User.IsInRole(Roles.Operator)) return Forbid();
        Date = date;
        try
        {
            if (!PageEndpoints.TryDate(date, out var day)) throw new UserFacingException($"'{date}' is not a date: use yyyy-MM-dd");
            var id = jobs.Start(day, kind ?? JobKinds.Inference, User.UserName());
            return Redirect($"/jobs/{id}");
        }
        catch (UserFacingException e)
        {
            Error = e.Message;
            Jobs = records.ListJobs();
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }
}
