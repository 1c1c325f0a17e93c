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
}
