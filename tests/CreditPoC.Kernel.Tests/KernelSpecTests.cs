using System.Text.Json.Nodes;

namespace CreditPoC.Kernel.Tests;

/// <summary><c>creditpoc kernel install | list | uninstall</c> in Jupyter's kernelspec layout.</summary>
[TestClass]
public sealed class KernelSpecTests
{
    [TestMethod]
    public void InstallWritesKernelJsonAndALogo()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run("kernel", "install", "--prefix", temp.Path);
        Assert.AreEqual(0, code, error);
        var folder = Path.Combine(temp.Path, "share", "jupyter", "kernels", ".net-csharp");
        StringAssert.Contains(output, folder);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!;
        var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.AreEqual("{connection_file}", argv[^1]);
        CollectionAssert.IsSubsetOf(new[] { "kernel", "-f" }, argv);
        Assert.IsTrue(File.Exists(argv.Single(a => a.EndsWith("CreditPoC.Cli.dll", StringComparison.Ordinal))), "argv starts the built kernel");
        Assert.AreEqual(".NET (C#)", (string?)spec["display_name"]);
        Assert.AreEqual("C#", (string?)spec["language"]);
        Assert.AreEqual("message", (string?)spec["interrupt_mode"]);
        var logo = File.ReadAllBytes(Path.Combine(folder, "logo-64x64.png"));
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, logo[..4]);
        Assert.AreEqual(64, (logo[16] << 24) | (logo[17] << 16) | (logo[18] << 8) | logo[19], "64 pixels wide");
    }

    [TestMethod]
    public void AnExistingSpecIsReplacedOnlyWithForce()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "share", "jupyter", "kernels", ".net-csharp");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "kernel.json"), """{"argv": ["dotnet-interactive", "jupyter"], "display_name": ".NET (C#)", "language": "C#"}""");
        var (code, _, error) = CliRunner.Run("kernel", "install", "--prefix", temp.Path);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "already exists");
        StringAssert.Contains(error, "--force");
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "kernel.json")), "dotnet-interactive", "left as it was");
        (code, var output, error) = CliRunner.Run("kernel", "install", "--prefix", temp.Path, "--force");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "replaced the existing kernelspec");
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "kernel.json")), "CreditPoC.Cli.dll");
    }

    [TestMethod]
    public void ListFindsItThroughJupyterPathAndUninstallRemovesIt()
    {
        using var temp = new TempFolder();
        Assert.AreEqual(0, CliRunner.Run("kernel", "install", "--prefix", temp.Path, "--name", "creditpoc-test").Code);
        var previous = Environment.GetEnvironmentVariable("JUPYTER_PATH");
        Environment.SetEnvironmentVariable("JUPYTER_PATH", Path.Combine(temp.Path, "share", "jupyter"));
        try
        {
            var (code, output, _) = CliRunner.Run("kernel", "list");
            Assert.AreEqual(0, code);
            StringAssert.Contains(output, "creditpoc-test");
            StringAssert.Contains(output, "(CreditPoC)");
        }
        finally
        {
            Environment.SetEnvironmentVariable("JUPYTER_PATH", previous);
        }
        var removed = CliRunner.Run("kernel", "uninstall", "--prefix", temp.Path, "--name", "creditpoc-test");
        Assert.AreEqual(0, removed.Code, removed.Error);
        Assert.IsFalse(Directory.Exists(Path.Combine(temp.Path, "share", "jupyter", "kernels", "creditpoc-test")));
        var again = CliRunner.Run("kernel", "uninstall", "--prefix", temp.Path, "--name", "creditpoc-test");
        Assert.AreEqual(1, again.Code);
        StringAssert.Contains(again.Error, "no kernelspec 'creditpoc-test'");
    }

    [TestMethod]
    public void TwoLocationsAreAUsageError()
    {
        var (code, _, error) = CliRunner.Run("kernel", "install", "--user", "--prefix", "/tmp/x");
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "at most one of --user, --prefix DIR and --sys-prefix");
    }
}
