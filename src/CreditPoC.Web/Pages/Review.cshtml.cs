using CreditPoC.Tracking;
using CreditPoC.Web.Api;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.Review)]
public sealed class ReviewModel(DayViews days, WebRecords records, AccessStore access) : PageModel
{
    public string Date { get; private set; } = "";
    public IReadOnlyList<PredictionRow> Queue { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Ok { get; private set; }

    public IActionResult OnGet(string date) => Load(date) ? Page() : NotFound($"{date} has no decisions to review");

    public IActionResult OnPost(string date, string? application, string? decision, string? comment)
    {
        if (!PageEndpoints.TryDate(date, out var day) || days.Decisions(day) is not { } decisions) return NotFound($"{date} has no decisions to review");
        var row = decisions.Rows.FirstOrDefault(r => r.Id == application && r.Decision == "review");
        if (row is null) Message = $"application '{application}' is not in the review band of {date}";
        else if (decision is not ("approve" or "reject")) Message = "choose approve or reject";
        else if (string.IsNullOrWhiteSpace(comment)) Message = "a comment is required: say why";
        else
        {
            var text = comment.Trim();
            if (text.Length > 2000) text = text[..2000];
            records.AddReview(decisions.Run.Id, row.Id, row.Decision, decision, text, User.UserName());
            access.Audit(User.UserName(), "review.decide", $"{date} {row.Id}", $"{decision} (model: {row.Decision}, score {row.Score:0.0000}): {text}");
            (Ok, Message) = (true, $"recorded: {decision} for application {row.Id}");
        }
        if (!Ok) Response.StatusCode = StatusCodes.Status400BadRequest;
        Load(date);
        return Page();
    }

    private bool Load(string date)
    {
        if (!PageEndpoints.TryDate(date, out var day) || days.Decisions(day) is not { } decisions) return false;
        Date = date;
        Queue = decisions.Rows.Where(r => r.Decision == "review").ToList();
        return true;
    }
}
