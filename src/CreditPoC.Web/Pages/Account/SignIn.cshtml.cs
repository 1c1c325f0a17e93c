using System.Security.Claims;
using CreditPoC.Tracking;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages.Account;

public sealed class SignInModel(AccessStore access, Passwords passwords) : PageModel
{
    public string? Error { get; private set; }
    public string? Name { get; private set; }
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl)
    {
        Name = name;
        ReturnUrl = returnUrl;
        var remote = HttpContext.Connection.RemoteIpAddress?.ToString();
        var user = string.IsNullOrWhiteSpace(name) ? null : access.GetUser(name.Trim());
        if (user is not null && user.IsLocked(DateTimeOffset.UtcNow))
        {
            access.Audit(user.Name, "sign_in.refused", user.Name, "account locked");
            Error = "This account is locked after too many failed sign-ins. Ask an admin to unlock it, or wait 15 minutes.";
            return Page();
        }
        if (user is null || string.IsNullOrEmpty(password) || !passwords.Verify(user.Name, user.PasswordHash, password))
        {
            var locked = access.RecordFailedSignIn(Truncate(name ?? ""), remote);
            Error = locked ? "Wrong user name or password. The account is now locked: ask an admin to unlock it." : "Wrong user name or password.";
            return Page();
        }
        access.RecordSignIn(user.Name, remote);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private static string Truncate(string text) => text.Length > 64 ? text[..64] : text;
}
