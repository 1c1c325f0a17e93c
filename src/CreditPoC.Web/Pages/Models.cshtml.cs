using CreditPoC.Tracking;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.SeeModels)]
public sealed class ModelsModel(ModelRegistry registry, AccessStore access) : PageModel
{
    public IReadOnlyList<ModelRecord> Models { get; private set; } = [];
    public Dictionary<long, IReadOnlyList<StageChange>> History { get; } = [];
    public string? Message { get; private set; }
    public bool Ok { get; private set; }

    public void OnGet() => Load();

    public IActionResult OnPost(long version, string? reason)
    {
        if (!User.IsInRole(Roles.Admin)) return Forbid();
        try
        {
            var model = registry.Get(version) ?? throw new UserFacingException($"no model version {version}");
            var overrideReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            if (model.GatePassed == false && overrideReason is null)
                throw new UserFacingException($"version {version} failed the quality gate: give a reason to override it");
            registry.Transition(version, ModelStage.Production, overrideReason);
            access.Audit(User.UserName(), "model.promote", $"version {version}", overrideReason is null ? "to Production" : $"to Production, overriding the gate: {overrideReason}");
            (Ok, Message) = (true, $"model version {version} is now in Production");
        }
        catch (UserFacingException e)
        {
            Message = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Load();
        return Page();
    }

    private void Load()
    {
        Models = registry.List();
        foreach (var m in Models) History[m.Version] = registry.History(m.Version);
    }
}
