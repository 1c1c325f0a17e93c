using System.Security.Cryptography;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests.Trial;

/// <summary>
/// The shipped trial pipeline on Parquet daily files: the blocks pass Parquet tables, and one block of the run is
/// rerun in its folder (<c>--resume RUN --only TASK</c>) as a new attempt that overwrites nothing.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ParquetPipelineTests
{
    private static TempFolder _temp = null!;
    private static string Raw => _temp.File("raw");
    private static string Runs => _temp.File("runs");
    private const string Day = "2021-01-31";

    [ClassInitialize]
    public static void SplitIntoParquetDays(TestContext _)
    {
        _temp = new TempFolder();
        var csv = _temp.File("application_train.csv");
        HomeCreditGenerator.Generate(csv, 12_000, 3, overwrite: true);
        var (code, _, error) = CliRunner.Run("data", "split", "--input", csv, "--start", "2021-01-01", "--days", "40",
            "--outcome-delay-days", "10", "--out", Raw, "--format", "parquet", "--schema", RepoRoot.File("parameters", "schema.yaml"));
        Assert.AreEqual(0, code, error);
        File.WriteAllText(_temp.File("monitoring.yaml"), "gate:\n  max_train_test_gap: 0.5\n  max_latency_p99_milliseconds: 1000\n  max_flip_share: 0.2\nfairness:\n  min_approval_ratio: 0.0\n  max_tpr_difference: 1.0\n");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private static (int Code, string Output, string Error) Pipeline(params string[] more) => CliRunner.Run(
        ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", Runs,
         "-p", "RAW_DIR", Raw, "-p", "MONITORING_PATH", _temp.File("monitoring.yaml"), .. more]);

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [TestMethod]
    public void ADayRunsOnParquetAndABlockRerunIsANewAttemptThatOverwritesNothing()
    {
        var (code, output, error) = Pipeline("--date", Day);
        Assert.AreEqual(0, code, output + error);
        var folder = Directory.GetDirectories(Path.Combine(Runs, Day)).Single();
        var runId = Path.GetFileName(folder);

        // The blocks passed Parquet tables; only the predictions (for people) are CSV.
        foreach (var table in new[] { "accumulated.parquet", "features_train.parquet", "features_test.parquet" })
            Assert.IsTrue(File.Exists(Path.Combine(folder, table)), table);
        CollectionAssert.AreEqual(new[] { "predictions.csv" }, Directory.GetFiles(folder, "*.csv").Select(Path.GetFileName).ToArray());
        var applications = TableFile.ReadColumns(Path.Combine(Raw, "applications", Day + ".parquet"), "SK_ID_CURR").Select(r => r.Fields[0]).ToList();
        var predicted = TableFile.ReadColumns(Path.Combine(folder, "predictions.csv"), "SK_ID_CURR").Select(r => r.Fields[0]).ToList();
        CollectionAssert.AreEquivalent(applications, predicted);
        var before = Hashes(folder);

        // Rerun feature engineering (train), then learn on its new table.
        (code, output, error) = Pipeline("--resume", runId, "--only", "feature_engineering_train");
        Assert.AreEqual(0, code, output + error);
        StringAssert.Contains(output, "feature_engineering_train (attempt 2)");
        (code, output, error) = Pipeline("--resume", runId, "--only", "learn");
        Assert.AreEqual(0, code, output + error);

        foreach (var file in new[] { "features_train.2.parquet", "feature_engineering_train.2.ipynb", "learn.2.ipynb", "learn.2.html", "model.2/model.zip", "summary.2.json", "summary.3.json" })
            Assert.IsTrue(File.Exists(Path.Combine(folder, file)), file);
        foreach (var (file, hash) in before)
            Assert.AreEqual(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file)))), $"{file} was overwritten");

        var store = new RunStore(Path.Combine(Runs, "creditpoc.db"));
        var learn = store.LatestAttempts(runId)["learn"];
        Assert.AreEqual(2, learn.Attempt);
        Assert.AreEqual(RunStatus.Succeeded, learn.Status);
        Assert.IsTrue(learn.InputFingerprints.Keys.Any(k => k.EndsWith("features_train.2.parquet", StringComparison.Ordinal)), "learn read the newest attempt");
        StringAssert.EndsWith(learn.Artifacts["model"], Path.Combine("model.2", "model.zip"));
        Assert.HasCount(2, store.ListRuns(pipelineRunId: runId).Where(r => r.Task == "learn").ToList());
        (code, output, _) = CliRunner.Run("runs", "list", "--store", Path.Combine(Runs, "creditpoc.db"));
        Assert.AreEqual(0, code);
        StringAssert.Matches(output, new System.Text.RegularExpressions.Regex(@"learn\s+2\s+succeeded"));

        // A rerun whose upstream file is gone is refused before anything runs, naming the file and the task that writes it.
        File.Delete(Path.Combine(folder, "features_test.parquet"));
        var kept = Hashes(folder);
        (code, output, error) = Pipeline("--resume", runId, "--only", "inference");
        Assert.AreEqual(1, code, output + error);
        StringAssert.StartsWith(error, $"error: cannot rerun inference in run {runId}: {Path.Combine(folder, "features_test.parquet")} (features, written by feature_engineering_test attempt 1) is missing");
        CollectionAssert.AreEquivalent(kept, Hashes(folder), "nothing written");
    }
}
