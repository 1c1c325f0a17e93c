using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages.Admin;

[Authorize(Roles = WebApp.Can.Manage)]
public sealed class KeysModel(AccessStore access, ApiKeyCache cache) : PageModel
{
    public IReadOnlyList<ApiKeyRecord> Keys { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Ok { get; private set; }
    public string? NewKey { get; private set; }

    public void OnGet() => Keys = access.ListApiKeys();

    public void OnPostAdd(string? name) => Do(() =>
    {
        NewKey = access.AddApiKey(name ?? "", User.UserName());
        return $"created the key {name}";
    });

    public void OnPostRevoke(string? name) => Do(() =>
    {
        if (!access.RevokeApiKey(name ?? "", User.UserName())) throw new UserFacingException($"no active key named {name}");
        cache.Clear();
        return $"revoked the key {name}";
    });

    private void Do(Func<string> action)
    {
        try
        {
            (Ok, Message) = (true, action());
        }
        catch (UserFacingException e)
        {
            Message = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Keys = access.ListApiKeys();
    }
}
