using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = "operator,officer,analyst,admin")]
public sealed class IndexModel(DayViews days, ModelRegistry registry) : PageModel
{
    public IReadOnlyList<DayStatus> Days { get; private set; } = [];
    public (DateOnly Date, string Status, string Line)? Monitoring { get; private set; }
    public ModelRecord? Production { get; private set; }

    public void OnGet()
    {
        Days = days.Days().Take(120).ToList();
        Monitoring = days.LatestMonitoring();
        Production = registry.Production();
    }
}
