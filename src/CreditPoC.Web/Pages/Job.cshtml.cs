using CreditPoC.Tracking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.SeeJobs)]
public sealed class JobModel(WebRecords records) : PageModel
{
    public JobRecord Job { get; private set; } = null!;

    public IActionResult OnGet(string id)
    {
        var job = records.GetJob(id);
        if (job is null) return NotFound();
        Job = job;
        return Page();
    }
}
