using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

/// <summary>Each run's rendered notebooks, shown in a sandboxed frame: their scripts run in an opaque origin with their own CSP.</summary>
[Authorize(Roles = WebApp.Can.ReadReports)]
public sealed class ReportsModel(WebRecords records, DayViews days) : PageModel
{
    public IReadOnlyList<PipelineRunRecord> Runs { get; private set; } = [];
    public PipelineRunRecord? Selected { get; private set; }
    public IReadOnlyList<string> Files { get; private set; } = [];
    public string? Name { get; private set; }

    public void OnGet(string? run, string? name)
    {
        Runs = records.PipelineRuns(200);
        Selected = run is null ? null : Runs.FirstOrDefault(r => r.Id == run);
        if (Selected is null) return;
        Files = days.Reports(Selected);
        Name = name is not null && Files.Contains(name) ? name : Files.FirstOrDefault();
    }
}
