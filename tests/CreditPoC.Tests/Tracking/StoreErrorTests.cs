using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tests.Tracking;

/// <summary>A store that is not one, or that cannot be written, is one readable error naming the file, never a raw SqliteException.</summary>
[TestClass]
public sealed class StoreErrorTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-store-errors").FullName;

    [TestCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string File(string name) => Path.Combine(_dir, name);

    [TestMethod]
    public void ACsvFileIsNotARunStore()
    {
        var csv = File("data.csv");
        System.IO.File.WriteAllText(csv, "SK_ID_CURR,TARGET\n1,0\n2,1\n");
        var error = Assert.ThrowsExactly<UserFacingException>(() => new RunStore(csv).ListRuns());
        Assert.AreEqual($"{csv} is not a CreditPoC run store (file is not a database); point --store at a run store or at a new file", error.Message);
        Assert.AreEqual("SK_ID_CURR,TARGET\n1,0\n2,1\n", System.IO.File.ReadAllText(csv), "the file is left as it was");
    }

    [TestMethod]
    public void GarbageBytesAreNotARunStore()
    {
        var garbage = File("garbage.db");
        System.IO.File.WriteAllBytes(garbage, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var error = Assert.ThrowsExactly<UserFacingException>(() => new ModelRegistry(garbage).List());
        StringAssert.Contains(error.Message, "is not a CreditPoC run store");
    }

    [TestMethod]
    [DataRow(13, "cannot write the run store {0}: disk full")]
    [DataRow(8, "cannot write the run store {0}: it is read-only")]
    [DataRow(5, "the run store {0} is locked by another process for longer than 30 s; try again")]
    [DataRow(266, "cannot read or write the run store {0}: input/output error (x)")] // SQLITE_IOERR_READ: extended codes keep their primary meaning
    public void EachFailureOfTheDatabaseIsDescribedInWords(int code, string expected)
    {
        var database = new StoreDatabase(File("store.db"));
        Assert.AreEqual(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, database.Path),
            database.Describe(new SqliteException("x", code)).Message);
    }

    [TestMethod]
    public void AFailureDuringWorkIsDescribedToo()
    {
        var database = new StoreDatabase(File("store.db"));
        var error = Assert.ThrowsExactly<UserFacingException>(() => database.Use(connection => StoreDatabase.Execute(connection, "SELECT * FROM no_such_table;")));
        StringAssert.StartsWith(error.Message, $"the run store {database.Path} failed: ");
    }
}
