using System.Diagnostics;
using CreditPoC.Data;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests.Trial;

/// <summary>
/// A pipeline killed mid-run, then run again: the store shows the killed run as failed, and the new run finishes.
/// Not run side by side with other classes: notebooks share the process's working directory, and a notebook another
/// class runs from a temporary folder would move it under this pipeline's relative paths (and leave it in a folder
/// that class then deletes).
/// </summary>
[TestClass]
[TestCategory("Slow")]
[DoNotParallelize]
public sealed class InterruptedPipelineTests
{
    [TestMethod]
    public void KilledRunIsRecordedAsFailedAndTheNextRunFinishes()
    {
        using var temp = new TempFolder();
        var csv = temp.File("application_train.csv");
        HomeCreditGenerator.Generate(csv, 6_000, 5, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, temp.File("raw"), new DateOnly(2021, 1, 1), 30, 10, Overwrite: true));
        var runs = temp.File("runs");
        string[] arguments = ["pipeline", "--date", "2021-01-28", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", runs,
            "-p", "RAW_DIR", temp.File("raw")];

        // Start the pipeline in its own process and kill it once learn has started.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CreditPoC.Cli.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using (var process = Process.Start(start)!)
        {
            var learnStarted = new TaskCompletionSource();
            process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("[learn] started", StringComparison.Ordinal) == true) learnStarted.TrySetResult(); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Assert.IsTrue(learnStarted.Task.Wait(TimeSpan.FromMinutes(3)), "learn did not start");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var (code, output, error) = CliRunner.Run(arguments);
        Assert.AreEqual(0, code, output + error);

        var store = new RunStore(Path.Combine(runs, "creditpoc.db"));
        var all = store.ListRuns(limit: 100);
        Assert.IsFalse(all.Any(r => r.Status == RunStatus.Running), "no run is left running forever");
        var killed = all.Single(r => r.Task == "learn" && r.Status == RunStatus.Failed);
        StringAssert.Contains(killed.Error, "interrupted");
        Assert.AreEqual(RunStatus.Succeeded, all.Single(r => r.Task == "inference").Status);
        Assert.HasCount(2, Directory.GetDirectories(Path.Combine(runs, "2021-01-28")), "the rerun made its own folder");
        var statuses = Directory.GetDirectories(Path.Combine(runs, "2021-01-28"))
            .Select(d => (string?)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(d, "summary.json")))!["status"]).Order().ToList();
        CollectionAssert.AreEqual(new[] { "failed", "succeeded" }, statuses, "the killed run's summary.json was mended, not left 'running'");
        SqliteConnection.ClearAllPools();
    }
}
