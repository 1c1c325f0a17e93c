using CreditPoC.Trial;

namespace CreditPoC.Tests.Trial;

[TestClass]
public sealed class TrialRehearsalTests
{
    [TestMethod]
    public void RehearsesEveryStageOfTheTrialWithTheProjectsParametersAndLeavesNothingBehind()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "creditpoc-rehearsal-*").ToHashSet();

        var result = TrialRehearsal.Run(RepoRoot.Path);

        Assert.IsTrue(result.Succeeded, string.Join("; ", result.Stages.Where(s => s.Error is not null).Select(s => $"{s.Name}: {s.Error}")));
        CollectionAssert.AreEqual(new[] { "parameters", "daily files", "accumulate and features", "learn", "inference", "monitoring" },
            result.Stages.Select(s => s.Name).ToArray());
        Assert.HasCount(3, result.Displays, "the day's first predictions, the drift chart and the drift table");
        var left = Directory.GetDirectories(Path.GetTempPath(), "creditpoc-rehearsal-*").Where(d => !before.Contains(d)).ToList();
        Assert.IsEmpty(left, "left behind: " + string.Join(", ", left));
    }

    [TestMethod]
    public void WithoutTheProjectsParametersItSaysSoAndDoesNothing()
    {
        var empty = Directory.CreateTempSubdirectory("creditpoc-test-").FullName;
        RehearsalResult result;
        try
        {
            result = TrialRehearsal.Run(empty);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }

        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(result.Stages.Single().Error, "schema.yaml");
        Assert.IsEmpty(result.Displays);
    }

    [TestMethod]
    public void StopsBetweenStagesWhenTheNotebookArrives()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var result = TrialRehearsal.Run(RepoRoot.Path, stop.Token);

        Assert.IsFalse(result.Succeeded);
        Assert.AreEqual("stopped: the notebook arrived", result.Stages.Single().Error);
    }
}
