using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages.Account;

public sealed class PasswordModel(AccessStore access, Passwords passwords) : PageModel
{
    public string? Message { get; private set; }
    public bool Ok { get; private set; }

    public void OnGet() { }

    public void OnPost(string? current, string? next)
    {
        var name = User.UserName();
        var user = access.GetUser(name);
        if (user is null || string.IsNullOrEmpty(current) || !passwords.Verify(name, user.PasswordHash, current))
        {
            Message = "The current password is wrong.";
            return;
        }
        try
        {
            access.SetPassword(name, passwords.Hash(name, next ?? ""), name);
            (Ok, Message) = (true, "Your password is changed.");
        }
        catch (UserFacingException e)
        {
            Message = e.Message;
        }
    }
}
