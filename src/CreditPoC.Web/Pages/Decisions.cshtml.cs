using CreditPoC.Web.Api;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.SeeDecisions)]
public sealed class DecisionsModel(DayViews days) : PageModel
{
    public const int PageSize = 50;

    public string Date { get; private set; } = "";
    public DayDecisions Day { get; private set; } = null!;
    public IReadOnlyList<PredictionRow> Rows { get; private set; } = [];
    public string? Filter { get; private set; }
    public int PageNumber { get; private set; }
    public int Pages { get; private set; }

    public IActionResult OnGet(string date, string? decision, int page = 1)
    {
        if (!PageEndpoints.TryDate(date, out var day)) return NotFound($"'{date}' is not a date (yyyy-MM-dd)");
        var decisions = days.Decisions(day);
        if (decisions is null) return NotFound($"{date} has no decisions yet: run the day first");
        (Date, Day, Filter) = (date, decisions, decision is "approve" or "reject" or "review" ? decision : null);
        var rows = Filter is null ? decisions.Rows : decisions.Rows.Where(r => r.Decision == Filter).ToList();
        Pages = Math.Max(1, (rows.Count + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(page, 1, Pages);
        Rows = rows.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        return Page();
    }
}
