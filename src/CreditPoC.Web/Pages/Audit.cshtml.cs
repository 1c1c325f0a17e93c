using CreditPoC.Tracking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.SeeAudit)]
public sealed class AuditModel(AccessStore access) : PageModel
{
    public string? Filter { get; private set; }
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public void OnGet(string? filter)
    {
        Filter = filter;
        Entries = access.ListAudit(filter);
    }
}
