using CreditPoC.Charts;
using CreditPoC.Exploration;
using CreditPoC.Loading;
using Plotly.NET;

namespace CreditPoC.Tests.Charts;

[TestClass]
public sealed class ChartTests
{
    [TestMethod]
    public void ChartsCarryOnlyTheAggregates()
    {
        using var data = new TestData();
        var frame = CsvTableLoader.Load(data.Write("d.csv", TestData.HomeCreditLike(3000)));
        var profile = DataProfiler.Profile(frame, new ProfileOptions { Target = "TARGET", PositiveLabel = "1", IdColumn = "SK_ID_CURR" });

        GenericChart[] charts =
        [
            ProfileCharts.MissingShares(profile),
            ProfileCharts.Histograms(profile, profile.NumericColumns.Select(c => c.Name)),
            ProfileCharts.CategoryCounts(profile, profile.TextColumns.Select(c => c.Name)),
            ProfileCharts.TargetRates(profile, ["CODE_GENDER", "EXT_SOURCE_1", "DAYS_EMPLOYED"]),
            ProfileCharts.TopAssociations(profile),
        ];

        foreach (var chart in charts)
        {
            var json = GenericChart.toFigureJson(chart);
            Assert.IsLessThan(20_000, json.Length, json[..200]);
        }
        var histogramJson = GenericChart.toFigureJson(charts[1]);
        StringAssert.Contains(histogramJson, "\"type\":\"bar\"");
        StringAssert.Contains(histogramJson, "EXT_SOURCE_1");
        StringAssert.Contains(GenericChart.toFigureJson(charts[3]), "365243");
    }

    [TestMethod]
    public void HistogramBarsSpanTheirBins()
    {
        var json = GenericChart.toFigureJson(CreditCharts.HistogramBars("h", [0, 2, 6], [3, 4]));

        StringAssert.Contains(json, "\"x\":[1.0,4.0]");
        StringAssert.Contains(json, "\"width\":[2.0,4.0]");
        Assert.ThrowsExactly<ArgumentException>(() => CreditCharts.HistogramBars("h", [0, 1], [1, 2]));
    }

    [TestMethod]
    public void GridsFitTheNotebookPageAndTiltCategoryLabels()
    {
        using var data = new TestData();
        var frame = CsvTableLoader.Load(data.Write("d.csv", TestData.HomeCreditLike(2000)));
        var profile = DataProfiler.Profile(frame, new ProfileOptions { Target = "TARGET", PositiveLabel = "1", IdColumn = "SK_ID_CURR" });

        var histograms = GenericChart.toFigureJson(ProfileCharts.Histograms(profile, profile.NumericColumns.Select(c => c.Name), perRow: 4));
        StringAssert.Contains(histograms, $"\"width\":{CreditCharts.MaxGridWidth}");
        var categories = GenericChart.toFigureJson(ProfileCharts.CategoryCounts(profile, profile.TextColumns.Select(c => c.Name)));
        StringAssert.Contains(categories, "\"tickangle\":-45");
    }

    [TestMethod]
    public void CategoryRatesAreBarsAndNumericRatesALine()
    {
        using var data = new TestData();
        var frame = CsvTableLoader.Load(data.Write("d.csv", TestData.HomeCreditLike(2000)));
        var profile = DataProfiler.Profile(frame, new ProfileOptions { Target = "TARGET", PositiveLabel = "1", IdColumn = "SK_ID_CURR" });

        var text = GenericChart.getTraces(ProfileCharts.TargetRates(profile, ["CODE_GENDER"])).ToList();
        var numeric = GenericChart.getTraces(ProfileCharts.TargetRates(profile, ["EXT_SOURCE_1"])).ToList();
        Assert.AreEqual("bar", text[0].TryGetTypedPropertyValue<string>("type")!.Value);
        Assert.AreEqual("scatter", numeric[0].TryGetTypedPropertyValue<string>("type")!.Value);
    }

    [TestMethod]
    public void LongCategoryNamesAreCutUnlessCuttingMakesTwoEqual()
    {
        var labels = ProfileCharts.ShortLabels(["Secondary / secondary special", "Higher education", "Business Entity Type 1", "Business Entity Type 2"]);

        CollectionAssert.AreEqual(new[] { "Secondary / sec…", "Higher education", "Business Entity Type 1", "Business Entity Type 2" }, labels.ToArray());
    }

    [TestMethod]
    public void AucBarsMarkColumnsPastTheLeakThresholdInRed()
    {
        var json = GenericChart.toFigureJson(CreditCharts.AucBars("auc", ["LEAK", "EXT_SOURCE_1"], [0.99, 0.7], 0.95));

        StringAssert.Contains(json, "\"y\":[\"EXT_SOURCE_1\",\"LEAK\"]"); // strongest on top
        StringAssert.Contains(json, "\"color\":[\"#1f77b4\",\"#c0392b\"]");
        StringAssert.Contains(json, "\"x0\":0.95");
    }
}
