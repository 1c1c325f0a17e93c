using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests;

[TestClass]
public sealed class ConcurrentRunTests
{
    [TestMethod]
    public async Task NotebooksRunningSideBySideKeepTheirOwnConsoleOutput()
    {
        static string Writer(string marker) =>
            $"for (var i = 0; i < 20; i++) {{ Console.WriteLine(\"{marker}\" + i); await Task.Delay(5); }}\n" +
            $"await Task.Run(() => Console.WriteLine(\"{marker} from a task\"));";
        var first = WriteNotebook(Writer("first"));
        var second = WriteNotebook(Writer("second"));

        var results = await Task.WhenAll(RunAsync(first), RunAsync(second));

        var firstText = Text(Outputs(results[0].Output.Cells[0])[0]["text"]);
        var secondText = Text(Outputs(results[1].Output.Cells[0])[0]["text"]);
        Assert.HasCount(21, firstText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("second", firstText);
        Assert.HasCount(21, secondText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("first", secondText);
        StringAssert.Contains(firstText, "first from a task");
    }
}
