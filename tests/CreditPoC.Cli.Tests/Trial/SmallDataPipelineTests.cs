using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Tracking;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Cli.Tests.Trial;

/// <summary>
/// Learning that holds up at any size: on generated data of 20,000 and 60,000 rows split into 90 days with outcomes
/// 60 days later, the last day (the first with at least 5,000 known applications is long past) passes the shipped
/// quality gate and its model serves the day's applications. One day's pipeline each, with the shipped settings.
/// Not run side by side with other classes: notebooks share the process's working directory, and a notebook another
/// class runs from a temporary folder would move it under this pipeline's relative paths (and leave it in a folder
/// that class then deletes).
/// </summary>
[TestClass]
[TestCategory("Slow")]
[DoNotParallelize]
public sealed class SmallDataPipelineTests
{
    [TestMethod]
    [DataRow(20_000)]
    [DataRow(60_000)]
    public void TheLastDayPassesTheShippedGateAndItsModelServes(int rows)
    {
        using var temp = new TempFolder();
        var csv = temp.File("application_train.csv");
        HomeCreditGenerator.Generate(csv, rows, 7, overwrite: true);
        DailySplitter.Split(new SplitOptions(csv, temp.File("raw"), new DateOnly(2021, 1, 1), 90, 60, Overwrite: true));
        var runs = temp.File("runs");

        var (code, output, error) = CliRunner.Run(
            ["pipeline", "--file", RepoRoot.File("parameters", "pipeline.yaml"), "--runs-dir", runs, "--date", "2021-03-31", "-p", "RAW_DIR", temp.File("raw")]);

        var registry = new ModelRegistry(Path.Combine(runs, "creditpoc.db"));
        var model = registry.List().SingleOrDefault() ?? throw new AssertFailedException($"learn registered no model: {output}{error}");
        var m = model.Metrics;
        var reference = m.TryGetValue("reference_auc", out var r) ? string.Create(CultureInfo.InvariantCulture, $", simple reference {r:F4}") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows:N0} rows: trained on {m["train_rows"]:N0}, validated on {m["validation_rows"]:N0}; train AUC {m["train_auc"]:F4}, " +
            $"validation AUC {m["auc"]:F4}, gap {m["auc_gap"]:F4}, {m["rounds"]} rounds{reference}; " +
            $"gate {(model.GatePassed == true ? "passed" : "failed: " + string.Join("; ", model.GateReasons))}"));
        SqliteConnection.ClearAllPools();
        Assert.AreEqual(0, code, output + error);
        Assert.IsGreaterThanOrEqualTo(5_000, m["train_rows"]);
        Assert.IsTrue(model.GatePassed, string.Join("; ", model.GateReasons));
        Assert.AreEqual(ModelStage.Production, model.Stage);
        Assert.AreEqual(model.Version, registry.Serving()!.Version);
        var predictions = Directory.GetFiles(Path.Combine(runs, "2021-03-31"), "predictions.csv", SearchOption.AllDirectories).Single();
        Assert.AreEqual(File.ReadLines(Path.Combine(temp.File("raw"), "applications", "2021-03-31.csv")).Count(), File.ReadLines(predictions).Count());
    }
}
