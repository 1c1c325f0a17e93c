using CreditPoC.Cli.Commands;
using CreditPoC.Tracking;

namespace CreditPoC.Cli.Tests.Commands;

/// <summary>users, apikeys and store backup: the web application's accounts managed from the command line.</summary>
[TestClass]
public sealed class AccessCommandsTests
{
    private static (int Code, string Output, string Error) WithStdin(string input, params string[] args)
    {
        CliInput.Use(new StringReader(input));
        try
        {
            return CliRunner.Run(args);
        }
        finally
        {
            CliInput.Use(null);
        }
    }

    [TestMethod]
    public void UsersAreAddedWithAHashedPasswordFromStdinListedAndRemoved()
    {
        using var temp = new TempFolder();
        var store = temp.File("s.db");
        var (code, output, error) = WithStdin("a-long-password\n", "users", "add", "alice", "--role", "admin", "--password-stdin", "--store", store);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "added user alice with role admin");
        var user = new AccessStore(store).GetUser("alice")!;
        Assert.AreEqual("admin", user.Role);
        Assert.IsFalse(user.PasswordHash.Contains("a-long-password", StringComparison.Ordinal));

        (code, _, error) = WithStdin("short\n", "users", "add", "bob", "--role", "officer", "--password-stdin", "--store", store);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "too short");
        (code, _, error) = WithStdin("a-long-password\n", "users", "add", "bob", "--role", "boss", "--password-stdin", "--store", store);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "unknown role 'boss'");
        (code, _, error) = CliRunner.Run("users", "add", "bob", "--role", "officer", "--store", store);
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "--password-stdin");
        (code, _, error) = WithStdin("a-long-password\n", "users", "add", "alice", "--role", "officer", "--password-stdin", "--store", store);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "already exists");

        (code, output, _) = CliRunner.Run("users", "list", "--store", store);
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "alice");
        (code, output, _) = CliRunner.Run("users", "remove", "alice", "--store", store);
        Assert.AreEqual(0, code);
        Assert.IsNull(new AccessStore(store).GetUser("alice"));
        Assert.AreEqual(1, CliRunner.Run("users", "remove", "alice", "--store", store).Code);
        var actions = new AccessStore(store).ListAudit().Select(a => a.Action).ToList();
        CollectionAssert.Contains(actions, "user.add");
        CollectionAssert.Contains(actions, "user.remove");
    }

    [TestMethod]
    public void AnApiKeyIsPrintedOnceAloneOnTheLastLineAndOnlyItsHashIsKept()
    {
        using var temp = new TempFolder();
        var store = temp.File("s.db");
        var (code, output, error) = CliRunner.Run("apikeys", "add", "erp", "--store", store);
        Assert.AreEqual(0, code, error);
        var key = output.TrimEnd('\n', '\r').Split('\n')[^1].Trim();
        StringAssert.StartsWith(key, "cpk_");
        Assert.AreEqual(47, key.Length); // cpk_ + 256 bits in base64url
        var access = new AccessStore(store);
        Assert.AreEqual("erp", access.FindActiveKey(AccessStore.HashKey(key)));
        (code, output, _) = CliRunner.Run("apikeys", "list", "--store", store);
        StringAssert.Contains(output, "erp");
        Assert.IsFalse(output.Contains(key, StringComparison.Ordinal));
        Assert.AreEqual(0, CliRunner.Run("apikeys", "revoke", "erp", "--store", store).Code);
        Assert.IsNull(access.FindActiveKey(AccessStore.HashKey(key)));
        StringAssert.Contains(CliRunner.Run("apikeys", "list", "--store", store).Output, "revoked");
        Assert.AreEqual(1, CliRunner.Run("apikeys", "revoke", "erp", "--store", store).Code);
    }

    [TestMethod]
    public void StoreBackupCopiesTheStoreWhileItIsBeingWritten()
    {
        using var temp = new TempFolder();
        var store = temp.File("s.db");
        var access = new AccessStore(store);
        for (var i = 0; i < 50; i++) access.Audit("test", "action", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var n = 0;
            while (!writing.IsCancellationRequested) access.Audit("writer", "write", (n++).ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        });
        var (code, output, error) = CliRunner.Run("store", "backup", temp.File("backup.db"), "--store", store);
        writing.Cancel();
        writer.Wait();
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "schema version");
        var copy = new AccessStore(temp.File("backup.db"));
        Assert.IsGreaterThanOrEqualTo(50, copy.ListAudit(limit: 100_000).Count);
        Assert.AreEqual(StoreDatabase.LatestVersion, copy.Database.SchemaVersion());
        Assert.AreEqual(1, CliRunner.Run("store", "backup", temp.File("backup.db"), "--store", store).Code, "an existing file is overwritten");
    }

    [TestMethod]
    public void ServeIsAVerbWithItsOptions()
    {
        var (code, output, _) = CliRunner.Run("serve", "--help");
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "--urls");
        StringAssert.Contains(output, "127.0.0.1:5080");
    }
}
