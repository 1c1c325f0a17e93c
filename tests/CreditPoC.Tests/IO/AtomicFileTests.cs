using CreditPoC.IO;

namespace CreditPoC.Tests.IO;

[TestClass]
public sealed class AtomicFileTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-atomic").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void FailedWriteKeepsTheEarlierFileAndLeavesNoTemporary()
    {
        var path = Path.Combine(_dir, "out.csv");
        AtomicFile.WriteAllText(path, "good");

        Assert.ThrowsExactly<InvalidOperationException>(() =>
            AtomicFile.WriteText(path, w => { w.Write("half"); throw new InvalidOperationException("boom"); }));

        Assert.AreEqual("good", File.ReadAllText(path));
        Assert.HasCount(1, Directory.GetFiles(_dir));
    }

    [TestMethod]
    public void ExistingFileIsReplacedOnlyWhenAllowed()
    {
        var path = Path.Combine(_dir, "out.csv");
        AtomicFile.WriteAllText(path, "first");

        var error = Assert.ThrowsExactly<UserFacingException>(() => AtomicFile.WriteAllText(path, "second", overwrite: false));
        StringAssert.Contains(error.Message, "--force");
        AtomicFile.WriteAllText(path, "third", overwrite: true);
        Assert.AreEqual("third", File.ReadAllText(path));
    }
}
