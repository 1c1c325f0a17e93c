using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>
/// On small tables the comparison's LightGBM, with its defaults scaled to the rows, keeps up with the best model
/// (LightGBM's own defaults trailed random forest by 0.04 AUC on 1,000 rows): 5 folds, 3 seeds averaged.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ComparisonFloorTests
{
    [TestMethod]
    [DataRow(1_000)]
    [DataRow(5_000)]
    public void LightGbmIsWithinTwoHundredthsOfTheBestModelOnTheLeaderboard(int rows)
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-floor").FullName;
        var schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        var mean = new Dictionary<string, double>();
        int[] seeds = [1, 2, 3];
        foreach (var seed in seeds)
        {
            var csv = Path.Combine(folder, $"credit_{seed}.csv");
            HomeCreditGenerator.Generate(csv, rows, seed, overwrite: true);
            var experiment = Experiment.Setup(CsvTableLoader.Load(csv, schema), "TARGET", "1", ["SK_ID_CURR"], seed, folds: 5, progress: _ => { });
            foreach (var row in experiment.CompareModels().Rows)
                mean[row.Model] = mean.GetValueOrDefault(row.Model) + row.Auc.Mean / seeds.Length;
        }
        Directory.Delete(folder, recursive: true);

        var best = mean.MaxBy(kv => kv.Value);
        Console.WriteLine($"{rows:N0} rows, mean AUC of 3 seeds: " +
                          string.Join(", ", mean.OrderByDescending(kv => kv.Value).Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F4}"))));
        Assert.IsLessThanOrEqualTo(0.02, best.Value - mean["lightgbm"], $"LightGBM {mean["lightgbm"]:F4} against {best.Key} {best.Value:F4}");
    }
}
