using Microsoft.AspNetCore.Identity;

namespace CreditPoC.Web.Services;

/// <summary>ASP.NET Core Identity's password hasher (PBKDF2 with HMAC-SHA512, 100,000 iterations, per-user salt).</summary>
public sealed class Passwords
{
    public const int MinLength = 10;

    private readonly PasswordHasher<string> _hasher = new();

    public string Hash(string user, string password)
    {
        Check(password);
        return _hasher.HashPassword(user, password);
    }

    public bool Verify(string user, string hash, string password) =>
        _hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;

    public static void Check(string password)
    {
        if (password.Length < MinLength)
            throw new UserFacingException($"the password is too short: use at least {MinLength} characters");
    }
}
