using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CreditPoC.Tracking;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CreditPoC.Web.Services;

/// <summary>
/// Which key hash belongs to which active key, cached in memory: a key is checked by its SHA-256 (a fast hash is
/// right for 256 random bits), and the store is asked once per key per half minute, so a key revoked by the CLI in
/// another process stops working within 30 s (at once when revoked through this server).
/// </summary>
public sealed class ApiKeyCache(AccessStore store)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (string? Name, long Expires)> _known = new(StringComparer.Ordinal);

    public string? Find(string key)
    {
        var hash = AccessStore.HashKey(key);
        var now = Environment.TickCount64;
        if (_known.TryGetValue(hash, out var entry) && entry.Expires > now) return entry.Name;
        var name = store.FindActiveKey(hash);
        if (_known.Count > 10_000) _known.Clear(); // unknown keys must not fill memory
        _known[hash] = (name, now + (long)Lifetime.TotalMilliseconds);
        return name;
    }

    public void Clear() => _known.Clear();
}

/// <summary>Authenticates <c>Authorization: Bearer KEY</c> against the API keys.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        var name = keys.Find(header["Bearer ".Length..].Trim());
        if (name is null) return Task.FromResult(AuthenticateResult.Fail("unknown or revoked API key"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim("client", name)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
