using System.Globalization;
using CreditPoC.Loading;
using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

/// <summary>A LightGBM model saved through ML.NET's wrapper before LightGBM went through its C API (tests/Fixtures/model-v1-mlnet-lightgbm).</summary>
[TestClass]
public sealed class LegacyModelTests
{
    private static string Fixture(string name) => RepoRoot.File("tests", "Fixtures", "model-v1-mlnet-lightgbm", name);

    [TestMethod]
    public void AnMlNetLightGbmModelSavedByTheOldCodeStillLoadsAndGivesItsScoresAndReasons()
    {
        var model = TrainedModel.Load(Fixture("model.zip"));
        Assert.IsNull(model.Native, "an ML.NET model stays one");
        Assert.AreEqual("lightgbm", model.Model);
        var data = CsvTableLoader.Load(Fixture("applications.csv"), TableSchemaYaml.Load(RepoRoot.File("parameters", "schema.yaml")), strict: false);
        var probabilities = model.Predict(data);
        var explanations = model.Explain(data, top: 3);
        var expected = File.ReadAllLines(Fixture("expected.csv")).Skip(1).Select(line =>
        {
            var parts = line.Split(',', 3);
            return (Probability: double.Parse(parts[1], CultureInfo.InvariantCulture), Reasons: parts[2].Trim('"'));
        }).ToList();
        Assert.HasCount(40, expected);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.AreEqual(expected[i].Probability, probabilities[i], 1e-6, $"row {i}");
            Assert.AreEqual(expected[i].Reasons, explanations[i].ReasonText, $"row {i}");
        }
        Assert.AreEqual(probabilities[7], model.ScoreRow(Row(data, 7)), 1e-6, "the single-application scorer too");
    }

    private static Dictionary<string, object?> Row(Microsoft.Data.Analysis.DataFrame data, int row) =>
        data.Columns.ToDictionary(c => c.Name, c => (object?)c[row]);
}
