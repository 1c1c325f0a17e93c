using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using static CreditPoC.Kernel.Tests.Messages;

namespace CreditPoC.Kernel.Tests;

/// <summary>Bad input gets a clear message and never takes the kernel down.</summary>
[TestClass]
public sealed class BadInputTests
{
    [TestMethod]
    public void WronglySignedAndMalformedMessagesAreDroppedAndLogged()
    {
        var seen = JupyterClients.Run("protocol_checks.py", TimeSpan.FromMinutes(2), JupyterClients.KernelName, "bad_messages");
        Assert.IsNull(seen["bad_signature_reply"], "a wrongly signed execute request is not answered");
        Assert.IsEmpty(seen["bad_signature_iopub"]!.AsArray(), "nor executed");
        Assert.IsNull(seen["malformed_reply"]);
        var log = (string)seen["stderr"]!;
        StringAssert.Contains(log, "bad signature");
        StringAssert.Contains(log, "not valid JSON");
        Assert.DoesNotContain("must not run", log);
        Assert.AreEqual("42", (string?)Iopub(seen["after"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
    }

    [TestMethod]
    public void AMissingConnectionFileIsNamed()
    {
        var (code, _, error) = CliRunner.Run("kernel", "-f", "/nonexistent/kernel-1.json");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "connection file /nonexistent/kernel-1.json does not exist");
    }

    [TestMethod]
    public void AMalformedConnectionFileIsNamed()
    {
        using var temp = new TempFolder();
        var file = temp.File("kernel.json");
        File.WriteAllText(file, "{ \"shell_port\": ");
        var (code, _, error) = CliRunner.Run("kernel", "-f", file);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "is not valid JSON");
        File.WriteAllText(file, "{ \"ip\": \"127.0.0.1\", \"key\": \"k\" }");
        (code, _, error) = CliRunner.Run("kernel", "-f", file);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "shell_port is missing");
    }

    [TestMethod]
    public void APortAlreadyTakenIsNamed()
    {
        using var temp = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var free = Enumerable.Range(0, 4).Select(_ => FreePort()).ToArray();
        var file = temp.File("kernel.json");
        File.WriteAllText(file, new JsonObject
        {
            ["ip"] = "127.0.0.1", ["transport"] = "tcp", ["key"] = "secret", ["signature_scheme"] = "hmac-sha256",
            ["shell_port"] = free[0], ["iopub_port"] = free[1], ["stdin_port"] = free[2], ["control_port"] = free[3], ["hb_port"] = port,
        }.ToJsonString());
        var (code, _, error) = CliRunner.Run("kernel", "-f", file);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, $"cannot bind hb_port to tcp://127.0.0.1:{port}");
    }

    [TestMethod]
    public void AKernelWhoseClientDiedEndsItself()
    {
        var seen = JupyterClients.Run("protocol_checks.py", TimeSpan.FromMinutes(2), JupyterClients.KernelName, "orphan");
        var pid = (int)seen["pid"]!;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && IsRunning(pid)) Thread.Sleep(200);
        Assert.IsFalse(IsRunning(pid), $"kernel process {pid} outlived its client");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
