using System.Text.Json.Nodes;
using CreditPoC.Data;
using static CreditPoC.Kernel.Tests.Messages;

namespace CreditPoC.Kernel.Tests;

/// <summary>
/// Interrupts through jupyter_client's <c>interrupt_kernel</c> (kernelspec <c>interrupt_mode: message</c>): sleeps,
/// awaits and waits stop at once; <c>CompareModels</c> on 20,000 rows stops between folds; a busy loop is
/// reported as not interruptible; a restart gives a fresh, usable kernel.
/// </summary>
[TestClass]
public sealed class InterruptTests
{
    private static TempFolder _temp = null!;
    private static JsonObject _seen = null!;

    [ClassInitialize]
    public static void DriveTheKernel(TestContext _)
    {
        _temp = new TempFolder();
        var csv = _temp.File("applications.csv");
        HomeCreditGenerator.Generate(csv, 20_000, seed: 3, overwrite: true);
        _seen = JupyterClients.Run("protocol_checks.py", TimeSpan.FromMinutes(5), JupyterClients.KernelName, "interrupts", JupyterClients.LibraryDll, csv);
    }

    [ClassCleanup]
    public static void Cleanup() => _temp?.Dispose();

    [TestMethod]
    [DataRow("sleep")]
    [DataRow("await")]
    [DataRow("wait")]
    public void ABlockedCellStopsWithinASecond(string name)
    {
        var seen = _seen[name]!;
        Assert.IsLessThan(1.0, (double)seen["answered_seconds"]!, name);
        Assert.AreEqual("error", (string?)Reply(seen)["status"]);
        Assert.AreEqual("the cell was interrupted", (string?)Reply(seen)["evalue"]);
        Assert.AreEqual("42", (string?)Iopub(_seen["after_sleep"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
    }

    [TestMethod]
    public void CompareModelsOn20000RowsIsAnsweredWithinTwoSecondsAndEarlierVariablesSurvive()
    {
        Assert.AreEqual("ok", (string?)Reply(_seen["setup"])["status"], _seen["setup"]!.ToJsonString());
        var compare = _seen["compare"]!;
        Assert.IsLessThan(2.0, (double)compare["answered_seconds"]!);
        Assert.AreEqual("the cell was interrupted", (string?)Reply(compare)["evalue"]);
        var after = Iopub(_seen["after_compare"]).Single(m => m.Type == "execute_result").Content;
        Assert.IsGreaterThan(20_000, int.Parse((string)after["data"]!["text/plain"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public void ABusyLoopIsReportedAsNotInterruptibleAndTheKernelStaysUsable()
    {
        var spin = _seen["spin"]!;
        Assert.IsLessThan(2.0, (double)spin["answered_seconds"]!, "the control channel stays responsive");
        var warning = Iopub(spin).Where(m => m.Type == "stream").Select(m => (string?)m.Content["text"]).Single();
        StringAssert.Contains(warning, "restart the kernel to stop it");
        Assert.AreEqual("43", (string?)Iopub(_seen["after_spin"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
    }

    [TestMethod]
    public void ARestartGivesAFreshUsableKernel()
    {
        Assert.AreEqual("CompilationError", (string?)Reply(_seen["after_restart"])["ename"], "variables are gone after a restart");
        Assert.AreEqual("10", (string?)Iopub(_seen["fresh"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
    }
}
