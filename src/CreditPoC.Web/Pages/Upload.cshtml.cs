using CreditPoC.Web.Api;
using CreditPoC.Web.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CreditPoC.Web.Pages;

[Authorize(Roles = WebApp.Can.Upload)]
public sealed class UploadModel(Uploads uploads, WebSettings settings) : PageModel
{
    public string? Message { get; private set; }
    public bool Ok { get; private set; }
    public string? ConfirmToken { get; private set; }
    public string? Date { get; private set; }
    public long MaxMiB => settings.MaxUploadBytes >> 20;

    public void OnGet(string? date) => Date = date;

    public async Task OnPostAsync(string? kind, string? date, IFormFile? file)
    {
        Date = date;
        if (!Uploads.TryParseKind(kind, out var what)) { Message = $"unknown kind of file '{kind}': applications or outcomes"; return; }
        if (!PageEndpoints.TryDate(date, out var day)) { Message = $"'{date}' is not a date: use yyyy-MM-dd"; return; }
        if (file is null) { Message = "choose a CSV file to upload"; return; }
        try
        {
            await using var stream = file.OpenReadStream();
            var result = await uploads.ReceiveAsync(what, day, file.FileName, stream, User.UserName(), HttpContext.RequestAborted);
            (Ok, Message, ConfirmToken) = (result.Saved, result.Message, result.ConfirmToken);
        }
        catch (UserFacingException e)
        {
            Message = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }

    public void OnPostConfirm(string? token)
    {
        try
        {
            var result = uploads.Confirm(token ?? "", User.UserName());
            (Ok, Message) = (true, result.Message);
        }
        catch (UserFacingException e)
        {
            Message = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
