using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tracking;

/// <summary>The roles of the web application, from least to most: each page names the roles it admits.</summary>
public static class Roles
{
    public const string Operator = "operator", Officer = "officer", Analyst = "analyst", Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Operator, Officer, Analyst, Admin];

    /// <summary>The role named by <paramref name="text"/>, or an error that lists the roles.</summary>
    public static string Parse(string text)
    {
        var role = text.Trim().ToLowerInvariant();
        return All.Contains(role) ? role : throw new UserFacingException($"unknown role '{text}': use one of {string.Join(", ", All)}");
    }
}

public sealed record UserRecord(string Name, string Role, string PasswordHash, int FailedSignIns, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

public sealed record ApiKeyRecord(string Name, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? RevokedAt)
{
    public bool Active => RevokedAt is null;
}

public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail);

/// <summary>
/// Users, API keys and the audit log of the web application, in the run store (migration 4). Passwords arrive
/// hashed (the web project hashes them with ASP.NET Core Identity's hasher); API keys are stored only as the
/// SHA-256 of the key.
/// </summary>
public sealed class AccessStore(StoreDatabase database)
{
    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public const int LockoutAttempts = 5;

    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    public AccessStore(string path) : this(new StoreDatabase(path)) { }

    public StoreDatabase Database { get; } = database;

    public static string CheckName(string name, string what = "user name")
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
            throw new UserFacingException($"{what} '{name}' is not allowed: use 1 to 64 letters, digits, '.', '_', '-' or '@'");
        return name;
    }

    public void AddUser(string name, string role, string passwordHash, string actor)
    {
        CheckName(name);
        role = Roles.Parse(role);
        Database.Use(connection =>
        {
            try
            {
                StoreDatabase.Execute(connection, "INSERT INTO users (name, role, password_hash, created_at) VALUES ($n, $r, $h, $t);", null,
                    ("$n", name), ("$r", role), ("$h", passwordHash), ("$t", StoreDatabase.Now()));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new UserFacingException($"a user named {name} already exists: remove it first, or choose another name");
            }
        });
        Audit(actor, "user.add", name, $"role {role}");
    }

    public bool RemoveUser(string name, string actor)
    {
        var removed = Database.Use(connection => StoreDatabase.Execute(connection, "DELETE FROM users WHERE name = $n;", null, ("$n", name))) > 0;
        if (removed) Audit(actor, "user.remove", name, null);
        return removed;
    }

    public UserRecord? GetUser(string name) => QueryUsers("WHERE name = $n", ("$n", name)).FirstOrDefault();

    public IReadOnlyList<UserRecord> ListUsers() => QueryUsers("ORDER BY name");

    public void SetPassword(string name, string passwordHash, string actor)
    {
        var changed = Database.Use(connection => StoreDatabase.Execute(connection,
            "UPDATE users SET password_hash = $h, failed_sign_ins = 0, locked_until = NULL WHERE name = $n;", null, ("$h", passwordHash), ("$n", name)));
        if (changed == 0) throw new UserFacingException($"no user named {name}");
        Audit(actor, actor == name ? "user.password_change" : "user.password_reset", name, null);
    }

    public void Unlock(string name, string actor)
    {
        var changed = Database.Use(connection => StoreDatabase.Execute(connection,
            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE name = $n;", null, ("$n", name)));
        if (changed == 0) throw new UserFacingException($"no user named {name}");
        Audit(actor, "user.unlock", name, null);
    }

    /// <summary>Counts a failed sign-in; the <see cref="LockoutAttempts"/>th in a row locks the account. Returns whether it is now locked.</summary>
    public bool RecordFailedSignIn(string name, string? remote)
    {
        var locked = Database.Use(connection =>
        {
            StoreDatabase.Execute(connection, "UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE name = $n;", null, ("$n", name));
            return StoreDatabase.Execute(connection,
                "UPDATE users SET locked_until = $u, failed_sign_ins = 0 WHERE name = $n AND failed_sign_ins >= $max;", null,
                ("$n", name), ("$u", DateTimeOffset.UtcNow.Add(LockoutTime).ToString("O", CultureInfo.InvariantCulture)), ("$max", LockoutAttempts)) > 0;
        });
        Audit(name, "sign_in.failed", name, (remote is null ? "" : $"from {remote}") + (locked ? "; account locked" : ""));
        return locked;
    }

    public void RecordSignIn(string name, string? remote)
    {
        Database.Use(connection => StoreDatabase.Execute(connection, "UPDATE users SET failed_sign_ins = 0 WHERE name = $n;", null, ("$n", name)));
        Audit(name, "sign_in", name, remote is null ? null : $"from {remote}");
    }

    private List<UserRecord> QueryUsers(string where, params (string, object?)[] parameters) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            $"SELECT name, role, password_hash, failed_sign_ins, locked_until, created_at FROM users {where};", null, parameters);
        using var reader = command.ExecuteReader();
        var users = new List<UserRecord>();
        while (reader.Read())
            users.Add(new UserRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : StoreDatabase.ParseTime(reader.GetString(4)), StoreDatabase.ParseTime(reader.GetString(5))));
        return users;
    });

    // ---- API keys ----

    /// <summary>A new key: 256 random bits, base64url. Only its SHA-256 is stored; the caller shows the key once.</summary>
    public string AddApiKey(string name, string actor)
    {
        CheckName(name, "key name");
        var key = "cpk_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        Database.Use(connection =>
        {
            try
            {
                StoreDatabase.Execute(connection, "INSERT INTO api_keys (name, key_sha256, created_at, created_by) VALUES ($n, $h, $t, $b);", null,
                    ("$n", name), ("$h", HashKey(key)), ("$t", StoreDatabase.Now()), ("$b", actor));
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new UserFacingException($"an API key named {name} already exists: revoke it and choose another name");
            }
        });
        Audit(actor, "apikey.add", name, null);
        return key;
    }

    public bool RevokeApiKey(string name, string actor)
    {
        var revoked = Database.Use(connection => StoreDatabase.Execute(connection,
            "UPDATE api_keys SET revoked_at = $t WHERE name = $n AND revoked_at IS NULL;", null, ("$t", StoreDatabase.Now()), ("$n", name))) > 0;
        if (revoked) Audit(actor, "apikey.revoke", name, null);
        return revoked;
    }

    public IReadOnlyList<ApiKeyRecord> ListApiKeys() => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection, "SELECT name, created_at, created_by, revoked_at FROM api_keys ORDER BY name;", null);
        using var reader = command.ExecuteReader();
        var keys = new List<ApiKeyRecord>();
        while (reader.Read())
            keys.Add(new ApiKeyRecord(reader.GetString(0), StoreDatabase.ParseTime(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : StoreDatabase.ParseTime(reader.GetString(3))));
        return keys;
    });

    /// <summary>The name of the active key whose SHA-256 is <paramref name="sha256"/>, or null.</summary>
    public string? FindActiveKey(string sha256) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection, "SELECT name FROM api_keys WHERE key_sha256 = $h AND revoked_at IS NULL;", null, ("$h", sha256));
        return command.ExecuteScalar() as string;
    });

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ---- audit ----

    public void Audit(string actor, string action, string? target, string? detail) => Database.Use(connection => StoreDatabase.Execute(connection,
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($t, $a, $x, $g, $d);", null,
        ("$t", StoreDatabase.Now()), ("$a", actor), ("$x", action), ("$g", target), ("$d", detail)));

    /// <summary>The newest entries first; <paramref name="filter"/> matches actor, action or target (a substring).</summary>
    public IReadOnlyList<AuditEntry> ListAudit(string? filter = null, int limit = 500) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection, """
            SELECT id, at, actor, action, target, detail FROM audit_log
            WHERE $f IS NULL OR instr(actor, $f) > 0 OR instr(action, $f) > 0 OR instr(COALESCE(target, ''), $f) > 0
            ORDER BY id DESC LIMIT $l;
            """, null, ("$f", string.IsNullOrWhiteSpace(filter) ? null : filter.Trim()), ("$l", limit));
        using var reader = command.ExecuteReader();
        var entries = new List<AuditEntry>();
        while (reader.Read())
            entries.Add(new AuditEntry(reader.GetInt64(0), StoreDatabase.ParseTime(reader.GetString(1)), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return entries;
    });
}
