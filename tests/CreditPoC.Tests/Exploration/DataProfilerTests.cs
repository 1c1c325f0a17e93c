using CreditPoC.Exploration;
using CreditPoC.Loading;

namespace CreditPoC.Tests.Exploration;

[TestClass]
public sealed class DataProfilerTests
{
    private TestData _data = null!;

    [TestInitialize]
    public void Init() => _data = new TestData();

    [TestCleanup]
    public void Cleanup() => _data.Dispose();

    private DataProfile Profile(string csv, string? target = "TARGET", string? positive = "1", string? id = "SK_ID_CURR", TableSchema? schema = null)
    {
        var path = _data.Write("data.csv", csv);
        var frame = CsvTableLoader.Load(path, schema);
        return DataProfiler.Profile(frame, new ProfileOptions { Target = target, PositiveLabel = positive, IdColumn = id, Schema = schema }, path);
    }

    [TestMethod]
    public void MissingShareAndMissingTableOrder()
    {
        var profile = Profile(TestData.HomeCreditLike(4000));

        Assert.AreEqual(0.70, profile["COMMONAREA_AVG"].MissingShare, 0.03);
        Assert.AreEqual("COMMONAREA_AVG", profile.MissingTable()[0].Name);
        Assert.AreEqual(0L, profile["SK_ID_CURR"].Missing);
        Assert.HasCount(1, profile.MissingTable());
    }

    [TestMethod]
    public void StatisticsAndClippedHistogramOfKnownValues()
    {
        // v = 0..100: p5 = 5, p95 = 95 by linear interpolation.
        var csv = "v,TARGET\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"{i}.5,{(i % 10 == 0 ? 1 : 0)}\n"));

        var profile = Profile(csv, id: null);

        var column = profile["v"];
        Assert.AreEqual("float", column.Type);
        Assert.AreEqual(50.5, column.Numbers!.Mean, 1e-9);
        Assert.AreEqual(50.5, column.Numbers.Percentiles["p50"], 1e-9);
        Assert.AreEqual(5.5, column.Numbers.Percentiles["p5"], 1e-9);
        var histogram = column.Histogram!;
        Assert.AreEqual(5.5, histogram.ClipLow, 1e-9);
        Assert.AreEqual(95.5, histogram.ClipHigh, 1e-9);
        Assert.AreEqual(5.5, histogram.Edges[0], 1e-9);
        Assert.AreEqual(95.5, histogram.Edges[^1], 1e-9);
        Assert.HasCount(21, histogram.Edges);
        Assert.AreEqual(5L, histogram.Below);
        Assert.AreEqual(5L, histogram.Above);
        Assert.AreEqual(91L, histogram.Counts.Sum());
    }

    [TestMethod]
    public void SmallIntegerRangesGetOneBinPerValue()
    {
        var csv = "n,TARGET\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"{i % 4},{i % 2}\n"));

        var histogram = Profile(csv, id: null)["n"].Histogram!;

        CollectionAssert.AreEqual(new[] { -0.5, 0.5, 1.5, 2.5, 3.5 }, histogram.Edges.ToArray());
        CollectionAssert.AreEqual(new long[] { 50, 50, 50, 50 }, histogram.Counts.ToArray());
    }

    [TestMethod]
    public void DefaultRateByCategory()
    {
        var csv = "g,TARGET\n" + string.Concat(Enumerable.Range(0, 100).Select(i =>
            i < 60 ? $"a,{(i < 6 ? 1 : 0)}\n" : i < 90 ? $"b,{(i < 75 ? 1 : 0)}\n" : $",{(i < 92 ? 1 : 0)}\n"));

        var rates = Profile(csv, id: null)["g"].TargetRates!;

        Assert.AreEqual("a", rates[0].Label);
        Assert.AreEqual(60L, rates[0].Count);
        Assert.AreEqual(0.1, rates[0].Rate, 1e-12);
        Assert.AreEqual(0.5, rates[1].Rate, 1e-12);
        Assert.AreEqual("(missing)", rates[2].Label);
        Assert.AreEqual(0.2, rates[2].Rate, 1e-12);
    }

    [TestMethod]
    public void SpecialValueIsDetectedWithoutASchemaAndKeptOutOfTheHistogram()
    {
        var profile = Profile(TestData.HomeCreditLike(3000));

        var days = profile["DAYS_EMPLOYED"];
        var special = days.SpecialValues.Single();
        Assert.AreEqual(365243.0, special.Value);
        Assert.AreEqual(0.18, special.Share, 0.03);
        Assert.IsLessThanOrEqualTo(0.0, days.Histogram!.ClipHigh);
        Assert.IsLessThanOrEqualTo(0.0, days.Numbers!.Max);
        Assert.IsTrue(days.TargetRates!.Any(r => r.Label.Contains("365243")));
        Assert.AreEqual("DAYS_EMPLOYED", profile.SpecialValues().Single().Column);
    }

    [TestMethod]
    public void BinaryAndSmallRangeColumnsHaveNoSpecialValues()
    {
        var csv = "flag,rating,TARGET\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{(i % 10 == 0 ? 1 : 0)},{1 + i % 3},{i % 2}\n"));

        var profile = Profile(csv, id: null);

        Assert.IsEmpty(profile.SpecialValues());
    }

    [TestMethod]
    public void FlagColumnsGetOneRateGroupPerValue()
    {
        // flag = 1 in every 4th row; those rows default half the time, the others never.
        var csv = "flag,TARGET\n" + string.Concat(Enumerable.Range(0, 400).Select(i => i % 4 == 0 ? $"1,{(i % 8 == 0 ? 1 : 0)}\n" : "0,0\n"));

        var rates = Profile(csv, id: null)["flag"].TargetRates!;

        CollectionAssert.AreEqual(new[] { "= 0", "= 1" }, rates.Select(r => r.Label).ToArray());
        Assert.AreEqual(0.0, rates[0].Rate);
        Assert.AreEqual(0.5, rates[1].Rate, 1e-12);
        Assert.AreEqual(100L, rates[1].Count);
    }

    [TestMethod]
    public void DefaultRateAlongQuantileBinsAndTopAssociation()
    {
        var profile = Profile(TestData.HomeCreditLike(4000));

        var bins = profile["EXT_SOURCE_1"].TargetRates!;
        Assert.HasCount(10, bins);
        Assert.IsGreaterThan(bins[^1].Rate, bins[0].Rate); // low scores default more
        Assert.AreEqual(4000L, bins.Sum(b => b.Count));
        var top = profile.TopAssociations(3)[0];
        Assert.AreEqual("EXT_SOURCE_1", top.Column);
        Assert.IsLessThan(0.0, top.Value);
    }

    [TestMethod]
    public void ATargetWithAThirdValueIsAClearError()
    {
        var csv = new System.Text.RegularExpressions.Regex(",good\n").Replace(TestData.GermanLike(60), ",maybe\n", 1);

        var error = Assert.ThrowsExactly<UserFacingException>(() => Profile(csv, target: "class", positive: "bad", id: "applicant_id"));

        StringAssert.Contains(error.Message, "target column class holds");
        StringAssert.Contains(error.Message, "'maybe'");
        StringAssert.Contains(error.Message, "expected the positive label 'bad' and one negative label");
    }

    [TestMethod]
    public void StrongestNumericColumnsCanLeaveOutYesNoFlags()
    {
        var lines = TestData.HomeCreditLike(2000).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = lines[0] + ",FLAG_PHONE\n" + string.Concat(lines.Skip(1).Select((l, i) => $"{l},{i % 3 % 2}\n"));
        var profile = Profile(csv);

        var all = profile.StrongestNumericColumns(200);
        var withoutFlags = profile.StrongestNumericColumns(200, minDistinct: 3);

        Assert.IsTrue(all.Any(c => profile[c].Distinct <= 2), "the test data has yes/no flags");
        Assert.IsTrue(withoutFlags.All(c => profile[c].Distinct >= 3));
        CollectionAssert.AreEqual(all.Where(c => profile[c].Distinct >= 3).ToList(), withoutFlags.ToList(), "same order");
    }

    [TestMethod]
    public void SummaryShowsMillionsWithThousandsSeparators()
    {
        var text = Profile(TestData.HomeCreditLike(2000)).NumericSummaryText();

        Assert.DoesNotContain("E+", text);
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"AMT_CREDIT .* \d,\d{3},\d{3}"));
    }

    [TestMethod]
    public void ProfileJsonKeepsBinsAndCategoryFrequencies()
    {
        var profile = Profile(TestData.HomeCreditLike(500));
        var path = Path.Combine(_data.Folder, "out", "profile.json");

        profile.WriteJson(path);
        var again = DataProfile.ReadJson(path);

        Assert.AreEqual(500L, again.Rows);
        CollectionAssert.AreEqual(profile["AMT_CREDIT"].Histogram!.Edges.ToArray(), again["AMT_CREDIT"].Histogram!.Edges.ToArray());
        CollectionAssert.AreEqual(profile["AMT_CREDIT"].Histogram!.Counts.ToArray(), again["AMT_CREDIT"].Histogram!.Counts.ToArray());
        Assert.AreEqual(profile["CODE_GENDER"].Categories![0], again["CODE_GENDER"].Categories![0]);
        Assert.AreEqual(profile["EXT_SOURCE_1"].Numbers!.Percentiles["p95"], again["EXT_SOURCE_1"].Numbers!.Percentiles["p95"]);
        StringAssert.Contains(File.ReadAllText(path), "\"missing_share\"");
    }

    [TestMethod]
    public void MostlyCategoricalTableWithTextLabelsIsProfiled()
    {
        var profile = Profile(TestData.GermanLike(800), target: "class", positive: "bad", id: "applicant_id");

        Assert.AreEqual(0.3, profile.PositiveRate!.Value, 0.05);
        Assert.AreEqual("checking", profile.TopAssociations(1)[0].Column);
        Assert.AreEqual("eta", profile.TopAssociations(1)[0].Measure);
        var rates = profile["checking"].TargetRates!;
        Assert.IsGreaterThan(0.4, rates.Single(r => r.Label == "<0").Rate);
        Assert.AreEqual(4, profile.TextColumns.Count());
        Assert.AreEqual(2, profile.NumericColumns.Count());
        Assert.IsNull(profile["applicant_id"].TargetRates);
    }

    [TestMethod]
    public void UnknownTargetColumnIsAClearError()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => Profile(TestData.GermanLike(20), target: "TARGET", positive: "1"));
        StringAssert.Contains(error.Message, "no target column TARGET");
    }
}
