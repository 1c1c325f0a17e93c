using CreditPoC.Scorecards;

namespace CreditPoC.Tests.Scorecards;

[TestClass]
public sealed class BinnerTests
{
    [TestMethod]
    public void WoeAndIvMatchAHandComputedExample()
    {
        // Two levels: A has 10 rows with 1 event, B has 10 rows with 5 events; 6 events and 14 non-events in all.
        var values = Enumerable.Repeat("A", 10).Concat(Enumerable.Repeat("B", 10)).Select(v => (string?)v).ToList();
        var target = Enumerable.Range(0, 20).Select(i => i is 0 or >= 10 and < 15).ToList();

        var binning = Binner.Text("LEVEL", values, target, new BinningOptions { MinBinShare = 0.1, RareLevelShare = 0 });

        var a = binning.Find("A")!;
        var b = binning.Find("B")!;
        var woeA = Math.Log((9.0 / 14) / (1.0 / 6));
        var woeB = Math.Log((5.0 / 14) / (5.0 / 6));
        Assert.AreEqual(woeA, a.Woe, 1e-12);
        Assert.AreEqual(woeB, b.Woe, 1e-12);
        var iv = (9.0 / 14 - 1.0 / 6) * woeA + (5.0 / 14 - 5.0 / 6) * woeB;
        Assert.AreEqual(iv, binning.Iv, 1e-12);
        Assert.AreEqual(IvBand.Suspicious, binning.Band, $"IV {iv:F3} > 0.5");
        Assert.AreSame(binning.Bins[0], a, "text bins run from the lowest event rate to the highest");
    }

    [TestMethod]
    [DataRow(MonotonicTrend.Ascending)]
    [DataRow(MonotonicTrend.Descending)]
    [DataRow(MonotonicTrend.Auto)]
    public void EveryMonotonicConstraintHoldsInTheFittedBins(MonotonicTrend trend)
    {
        var (values, target) = Noisy(20_000, x => 0.05 + 0.1 * x + 0.08 * Math.Sin(12 * x), seed: 3);

        var binning = Binner.Numeric("X", values, target, new BinningOptions { Trend = trend });

        var rates = binning.OrdinaryBins.Select(b => b.EventRate).ToList();
        Assert.IsGreaterThan(1, rates.Count);
        var ascending = trend == MonotonicTrend.Descending ? false : true; // the risk rises with x, so auto finds ascending
        for (var i = 1; i < rates.Count; i++)
            Assert.IsTrue(ascending ? rates[i] >= rates[i - 1] : rates[i] <= rates[i - 1], $"{trend}: {string.Join(", ", rates.Select(r => r.ToString("F4")))}");
        Assert.AreEqual(trend == MonotonicTrend.Auto ? MonotonicTrend.Ascending : trend, binning.Trend);
    }

    [TestMethod]
    public void APeakedRiskKeepsItsPeakAndEachSideIsMonotonic()
    {
        var (values, target) = Noisy(20_000, x => 0.03 + 0.25 * Math.Exp(-Math.Pow((x - 0.5) / 0.15, 2)), seed: 5);

        var rates = Binner.Numeric("X", values, target, new BinningOptions { Trend = MonotonicTrend.Peak }).OrdinaryBins.Select(b => b.EventRate).ToList();

        var top = rates.IndexOf(rates.Max());
        Assert.IsTrue(top > 0 && top < rates.Count - 1, "the peak is inside: " + string.Join(", ", rates));
        for (var i = 1; i <= top; i++) Assert.IsGreaterThanOrEqualTo(rates[i - 1], rates[i]);
        for (var i = top + 1; i < rates.Count; i++) Assert.IsLessThanOrEqualTo(rates[i - 1], rates[i]);
    }

    [TestMethod]
    public void AutoShapeKeepsThePeakOfAPeakedRiskAndALinearRiskMonotonic()
    {
        var (peaked, peakedTarget) = Noisy(20_000, x => 0.03 + 0.25 * Math.Exp(-Math.Pow((x - 0.5) / 0.15, 2)), seed: 5);
        var (linear, linearTarget) = Noisy(20_000, x => 0.05 + 0.1 * x, seed: 6);
        var options = new BinningOptions { Trend = MonotonicTrend.AutoShape };

        var peak = Binner.Numeric("X", peaked, peakedTarget, options);
        var rising = Binner.Numeric("X", linear, linearTarget, options);

        Assert.AreEqual(MonotonicTrend.Peak, peak.Trend);
        var rates = peak.OrdinaryBins.Select(b => b.EventRate).ToList();
        var top = rates.IndexOf(rates.Max());
        for (var i = 1; i <= top; i++) Assert.IsGreaterThanOrEqualTo(rates[i - 1], rates[i]);
        for (var i = top + 1; i < rates.Count; i++) Assert.IsLessThanOrEqualTo(rates[i - 1], rates[i]);
        Assert.AreEqual(MonotonicTrend.Ascending, rising.Trend);
        var risingRates = rising.OrdinaryBins.Select(b => b.EventRate).ToList();
        for (var i = 1; i < risingRates.Count; i++) Assert.IsGreaterThanOrEqualTo(risingRates[i - 1], risingRates[i]);
    }

    [TestMethod]
    public void EveryOrdinaryBinHoldsTheMinimumShareAndBothClasses()
    {
        var (values, target) = Noisy(5_000, x => 0.02 + 0.1 * x, seed: 7);

        var binning = Binner.Numeric("X", values, target, new BinningOptions { MinBinShare = 0.05, Trend = MonotonicTrend.None });

        foreach (var bin in binning.OrdinaryBins)
        {
            Assert.IsGreaterThanOrEqualTo(250, bin.Count, bin.Label);
            Assert.IsTrue(bin.Events > 0 && bin.NonEvents > 0, bin.Label);
        }
        Assert.AreEqual(5_000, binning.Bins.Sum(b => b.Count));
    }

    [TestMethod]
    public void MissingAndSpecialValuesGetBinsOfTheirOwnAndEveryValueFindsItsBin()
    {
        var (values, target) = Noisy(4_000, x => 0.05 + 0.1 * x, seed: 11);
        var withCodes = values.Select((v, i) => i % 10 == 0 ? double.NaN : i % 10 == 1 ? 365243 : v).ToList();

        var binning = Binner.Numeric("DAYS_EMPLOYED", withCodes, target, new BinningOptions { SpecialValues = [365243] });

        var missing = binning.Find(double.NaN)!;
        var special = binning.Find(365243)!;
        Assert.AreEqual(BinKind.Missing, missing.Kind);
        Assert.AreEqual(400, missing.Count);
        Assert.AreEqual(BinKind.Special, special.Kind);
        Assert.AreEqual("= 365243", special.Label);
        Assert.AreEqual(400, special.Count);
        Assert.AreEqual(BinKind.Interval, binning.Find(-1e9)!.Kind, "below every training value: the first interval");
        Assert.AreEqual(BinKind.Interval, binning.Find(1e9)!.Kind, "above: the last");
        for (var i = 0; i < withCodes.Count; i++)
            Assert.IsNotNull(binning.Find(withCodes[i]));
    }

    [TestMethod]
    public void RareAndUnseenTextLevelsShareABinAndEmptyTextIsMissing()
    {
        var values = new List<string?>();
        var target = new List<bool>();
        void Add(string? level, int rows, int events)
        {
            for (var i = 0; i < rows; i++) { values.Add(level); target.Add(i < events); }
        }
        Add("Working", 600, 30);
        Add("Pensioner", 300, 30);
        Add("Student", 5, 1);
        Add("Businessman", 4, 0);
        Add(null, 91, 9);

        var binning = Binner.Text("NAME_INCOME_TYPE", values, target, new BinningOptions { RareLevelShare = 0.01, MinBinShare = 0.005 });

        var rare = binning.Find("Student")!;
        Assert.AreSame(rare, binning.Find("Businessman"));
        Assert.AreSame(rare, binning.Find("Maternity leave"), "an unseen level goes with the rare ones");
        Assert.IsTrue(rare.TakesOtherLevels);
        Assert.AreEqual(9, rare.Count);
        Assert.AreEqual(BinKind.Missing, binning.Find("")!.Kind);
        Assert.AreEqual(91, binning.Find((string?)null)!.Count);
        Assert.AreNotSame(binning.Find("Working"), binning.Find("Pensioner"));
    }

    [TestMethod]
    public void IvBandsAreTheUsualOnes()
    {
        Assert.AreEqual(IvBand.Useless, InformationValue.BandOf(0.01));
        Assert.AreEqual(IvBand.Weak, InformationValue.BandOf(0.05));
        Assert.AreEqual(IvBand.Medium, InformationValue.BandOf(0.2));
        Assert.AreEqual(IvBand.Strong, InformationValue.BandOf(0.4));
        Assert.AreEqual(IvBand.Suspicious, InformationValue.BandOf(0.6));
    }

    /// <summary>Uniform x in [0, 1) with an event drawn at probability p(x).</summary>
    private static (List<double> Values, List<bool> Target) Noisy(int rows, Func<double, double> p, int seed)
    {
        var random = new Random(seed);
        var values = new List<double>(rows);
        var target = new List<bool>(rows);
        for (var i = 0; i < rows; i++)
        {
            var x = random.NextDouble();
            values.Add(x);
            target.Add(random.NextDouble() < p(x));
        }
        return (values, target);
    }
}
