using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages.Admin;

[Authorize(Roles = WebApp.Can.Manage)]
public sealed class UsersModel(AccessStore access, Passwords passwords) : PageModel
{
    public IReadOnlyList<UserRecord> Users { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Ok { get; private set; }

    public void OnGet() => Users = access.ListUsers();

    public void OnPostAdd(string? name, string? role, string? password) =>
        Do(() => { access.AddUser(name ?? "", role ?? "", passwords.Hash(name ?? "", password ?? ""), User.UserName()); return $"added {name} as {role}"; });

    public void OnPostReset(string? name, string? password) =>
        Do(() => { access.SetPassword(name ?? "", passwords.Hash(name ?? "", password ?? ""), User.UserName()); return $"reset the password of {name}"; });

    public void OnPostUnlock(string? name) => Do(() => { access.Unlock(name ?? "", User.UserName()); return $"unlocked {name}"; });

    public void OnPostRemove(string? name) => Do(() =>
    {
        if (name == User.UserName()) throw new UserFacingException("you cannot remove yourself");
        return access.RemoveUser(name ?? "", User.UserName()) ? $"removed {name}" : throw new UserFacingException($"no user named {name}");
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
        Users = access.ListUsers();
    }
}
