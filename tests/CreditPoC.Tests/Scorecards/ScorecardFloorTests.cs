using System.Diagnostics;
using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Modeling;

namespace CreditPoC.Tests.Scorecards;

/// <summary>
/// The scorecard's quality floor: on 100,000 generated rows its test AUC is within 0.02 of tuned LightGBM's on the
/// same split (seed 42, 10 TPE trials, as <see cref="Modeling.GeneratedDataQualityTests"/> tunes). Slow: the tuning.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class ScorecardFloorTests
{
    private const int Rows = 100_000;

    [TestMethod]
    public void OnAHundredThousandRowsTheScorecardIsWithinTwoHundredthsOfTunedLightGbm()
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-scorecard-floor").FullName;
        var csv = Path.Combine(folder, "application_train.csv");
        HomeCreditGenerator.Generate(csv, Rows, seed: 42, overwrite: true);
        var schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
        var experiment = Experiment.Setup(CsvTableLoader.Load(csv, schema), "TARGET", "1", ["SK_ID_CURR"], seed: 42, folds: 3, progress: _ => { });
        Directory.Delete(folder, recursive: true);

        var clock = Stopwatch.StartNew();
        var fit = experiment.CreateScorecard(schema: schema);
        var card = experiment.EvaluateScorecard(fit.Card);
        var cardSeconds = clock.Elapsed.TotalSeconds;
        var tuned = experiment.Evaluate(experiment.TuneModel("lightgbm", trials: 10, searcher: "tpe").BestModel);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Rows:N0} rows (seed 42), test split {card.TestRows:N0}: scorecard AUC {card.TestAuc:F4} KS {card.KolmogorovSmirnov:F4} Gini {card.Gini:F4} " +
            $"({fit.Card.Characteristics.Count} characteristics, {cardSeconds:F1} s); tuned LightGBM AUC {tuned.TestAuc:F4} KS {tuned.KolmogorovSmirnov:F4} Gini {tuned.Gini:F4}"));
        Console.WriteLine("top IV: " + string.Join(", ", fit.Binning.Choices.Take(5).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Iv:F3}"))));
        Assert.IsLessThanOrEqualTo(0.02, tuned.TestAuc - card.TestAuc, $"scorecard {card.TestAuc:F4} against tuned LightGBM {tuned.TestAuc:F4}");
    }
}
