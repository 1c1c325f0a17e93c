using System.Text.Json.Nodes;
using static CreditPoC.Kernel.Tests.Messages;

namespace CreditPoC.Kernel.Tests;

/// <summary>
/// Every message type through Debian's jupyter_client (KernelManager + BlockingKernelClient), one kernel for the
/// class: Clients/protocol_checks.py records the replies and iopub traffic, these tests read them.
/// </summary>
[TestClass]
public sealed class ProtocolTests
{
    private static JsonObject _seen = null!;

    [ClassInitialize]
    public static void DriveTheKernel(TestContext _) =>
        _seen = JupyterClients.Run("protocol_checks.py", TimeSpan.FromMinutes(4), JupyterClients.KernelName, "messages", JupyterClients.LibraryDll);

    [TestMethod]
    public void KernelInfoDescribesCSharpAndCreditPoC()
    {
        var reply = Reply(_seen["kernel_info"]);
        Assert.AreEqual("5.3", (string?)reply["protocol_version"]);
        Assert.AreEqual("creditpoc", (string?)reply["implementation"]);
        var language = reply["language_info"]!;
        Assert.AreEqual("C#", (string?)language["name"]);
        Assert.AreEqual(".cs", (string?)language["file_extension"]);
        Assert.AreEqual("text/x-csharp", (string?)language["mimetype"]);
        Assert.AreEqual("csharp", (string?)language["pygments_lexer"]);
        Assert.IsNotNull(language["codemirror_mode"]);
        StringAssert.Contains((string?)reply["banner"], "CreditPoC");
        Assert.IsNotEmpty(reply["help_links"]!.AsArray());
    }

    [TestMethod]
    public void EveryRequestIsWrappedInBusyAndIdle()
    {
        foreach (var name in new[] { "kernel_info", "trivial", "throws", "complete_member", "inspect_library", "comm_info", "history", "complete_past_end" })
        {
            var node = _seen[name]!;
            var iopub = Iopub(node["iopub"] is null ? node["result"] : node);
            Assert.AreEqual("busy", (string?)iopub[0].Content["execution_state"], name);
            Assert.AreEqual("idle", (string?)iopub[^1].Content["execution_state"], name);
        }
    }

    [TestMethod]
    public void ExecuteSendsInputThenResultWithTextPlainAndCounts()
    {
        var trivial = _seen["trivial"];
        CollectionAssert.AreEqual(new[] { "status", "execute_input", "execute_result", "status" }, Types(trivial));
        var result = Iopub(trivial)[2].Content;
        Assert.AreEqual("2", (string?)result["data"]!["text/plain"]);
        Assert.AreEqual(1, (int)result["execution_count"]!);
        Assert.AreEqual("ok", (string?)Reply(trivial)["status"]);
        Assert.AreEqual(1, (int)Reply(trivial)["execution_count"]!);
    }

    [TestMethod]
    public void ConsoleWritesBecomeStdoutAndStderrStreams()
    {
        var streams = Iopub(_seen["streams"]).Where(m => m.Type == "stream").ToList();
        Assert.AreEqual("to stdout\n", (string?)streams.Single(s => (string?)s.Content["name"] == "stdout").Content["text"]);
        Assert.AreEqual("to stderr\n", (string?)streams.Single(s => (string?)s.Content["name"] == "stderr").Content["text"]);
    }

    [TestMethod]
    public void DisplaysCarryAnIdAndAreUpdatedByIt()
    {
        var shown = Iopub(_seen["display"]);
        var display = shown.Single(m => m.Type == "display_data").Content;
        var id = (string?)display["transient"]!["display_id"];
        Assert.IsFalse(string.IsNullOrEmpty(id));
        Assert.AreEqual("first", (string?)display["data"]!["text/plain"]);
        var update = shown.Single(m => m.Type == "update_display_data").Content;
        Assert.AreEqual(id, (string?)update["transient"]!["display_id"]);
        Assert.AreEqual("second", (string?)update["data"]!["text/plain"]);
        var later = Iopub(_seen["update_later"]).Single(m => m.Type == "update_display_data").Content;
        Assert.AreEqual(id, (string?)later["transient"]!["display_id"], "a later cell updates the same display");
        Assert.AreEqual("third", (string?)later["data"]!["text/plain"]);
    }

    [TestMethod]
    public void AThrowingCellSendsAnErrorNamingTheCellsLine()
    {
        var error = Iopub(_seen["throws"]).Single(m => m.Type == "error").Content;
        Assert.AreEqual("System.InvalidOperationException", (string?)error["ename"]);
        Assert.AreEqual("boom", (string?)error["evalue"]);
        Assert.AreEqual("Cell In[5], line 2", (string?)error["traceback"]![0]);
        var reply = Reply(_seen["throws"]);
        Assert.AreEqual("error", (string?)reply["status"]);
        Assert.AreEqual("boom", (string?)reply["evalue"]);
        Assert.AreEqual("Cell In[6], line 2", (string?)Reply(_seen["compile_error"])["traceback"]![0]);
    }

    [TestMethod]
    public void SilentAndStoreHistoryFalseDoNotCount()
    {
        Assert.HasCount(2, Iopub(_seen["silent"]), "silent: only busy and idle on iopub");
        Assert.AreEqual(6, (int)Reply(_seen["silent"])["execution_count"]!);
        Assert.AreEqual(6, (int)Reply(_seen["no_history"])["execution_count"]!);
        Assert.AreEqual(7, (int)Reply(_seen["after"])["execution_count"]!);
    }

    [TestMethod]
    public void StopOnErrorAbortsTheQueuedRequest()
    {
        var stop = _seen["stop_on_error"]!;
        Assert.AreEqual("error", (string?)stop["first"]!["status"]);
        Assert.AreEqual("aborted", (string?)stop["second"]!["status"]);
        CollectionAssert.AreEqual(new[] { "busy", "idle" }, stop["second_iopub"]!.AsArray().Select(m => (string?)m!["content"]!["execution_state"]).ToArray());
    }

    [TestMethod]
    public void ACellInAnotherLanguageIsAClearErrorAndTheKernelGoesOn()
    {
        var reply = Reply(_seen["other_language"]);
        Assert.AreEqual("UnsupportedLanguage", (string?)reply["ename"]);
        StringAssert.Contains((string?)reply["evalue"], "#!python");
        Assert.AreEqual("Ada", (string?)Iopub(_seen["still_alive"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
    }

    [TestMethod]
    public void IsCompleteUsesTheSyntaxTree()
    {
        var answers = _seen["is_complete"]!;
        Assert.AreEqual("complete", (string?)answers["var x = 1;"]!["status"]);
        Assert.AreEqual("incomplete", (string?)answers["if (true) {"]!["status"]);
        Assert.AreEqual("    ", (string?)answers["if (true) {"]!["indent"]);
        Assert.AreEqual("incomplete", (string?)answers["var s = \"abc"]!["status"]);
        Assert.AreEqual("incomplete", (string?)answers["var y = 1 +"]!["status"]);
        Assert.AreEqual("invalid", (string?)answers["int 5x = 3;"]!["status"]);
        Assert.AreEqual("complete", (string?)answers["#!csharp\nvar z = 2;"]!["status"]);
    }

    [TestMethod]
    public void AMemberOfAVariableFromAnEarlierCellCompletes()
    {
        var reply = Reply(_seen["complete_member"]);
        CollectionAssert.Contains(Strings(reply["matches"]), "Name");
        Assert.AreEqual(7, (int)reply["cursor_start"]!); // "person.Na": the typed "Na" is replaced
        Assert.AreEqual(9, (int)reply["cursor_end"]!);
    }

    [TestMethod]
    public void ExperimentDotOffersSetup() =>
        CollectionAssert.Contains(Strings(Reply(_seen["complete_library"])["matches"]), "Setup");

    [TestMethod]
    public void CursorOffsetsAreCodePointsAfterAnEmoji()
    {
        var emoji = _seen["complete_emoji"]!;
        var length = (int)emoji["code_points"]!; // Python's len: code points
        var reply = Reply(emoji["result"]);
        CollectionAssert.Contains(Strings(reply["matches"]), "Age");
        Assert.AreEqual(length - 2, (int)reply["cursor_start"]!);
        Assert.AreEqual(length, (int)reply["cursor_end"]!);
    }

    [TestMethod]
    public void InspectShowsTheLibrarysSignatureAndDocumentation()
    {
        var reply = Reply(_seen["inspect_library"]);
        Assert.IsTrue((bool)reply["found"]!);
        var text = (string)reply["data"]!["text/plain"]!;
        StringAssert.Contains(text, "Experiment.Setup(");
        StringAssert.Contains(text, "Prepares an experiment", "the summary from CreditPoC.xml");
        StringAssert.Contains((string?)Reply(_seen["inspect_variable"])["data"]!["text/plain"], "Person person");
    }

    [TestMethod]
    public void ACompletionPastTheEndIsAClearError()
    {
        var reply = Reply(_seen["complete_past_end"]);
        Assert.AreEqual("error", (string?)reply["status"]);
        StringAssert.Contains((string?)reply["evalue"], "past the end");
    }

    [TestMethod]
    public void CommInfoIsEmptyAndHistoryIsEmpty()
    {
        Assert.AreEqual(0, Reply(_seen["comm_info"])["comms"]!.AsObject().Count);
        Assert.AreEqual(0, Reply(_seen["history"])["history"]!.AsArray().Count);
    }

    [TestMethod]
    public void PapermillsInjectedValuesTakeTheDeclaredTypes()
    {
        Assert.AreEqual("ok", (string?)Reply(_seen["papermill_inject"])["status"]);
        Assert.AreEqual("2021-04-01 Int64 y", (string?)Iopub(_seen["papermill_use"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
        var bad = Reply(_seen["papermill_bad"]);
        Assert.AreEqual("ParameterError", (string?)bad["ename"]);
        StringAssert.Contains((string?)bad["evalue"], "TARGET_DATE");
    }

    [TestMethod]
    public void UserCodeThatWouldCrashAProcessLeavesTheKernelUp()
    {
        Assert.AreEqual("System.InsufficientExecutionStackException", (string?)Reply(_seen["recursion"])["ename"], "endless recursion is a cell error");
        Assert.AreEqual("no input", (string?)Iopub(_seen["read_line"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"], "no console to wait for");
        Assert.AreEqual("36", (string?)Iopub(_seen["alive_after_crashes"]).Single(m => m.Type == "execute_result").Content["data"]!["text/plain"]);
    }
}
