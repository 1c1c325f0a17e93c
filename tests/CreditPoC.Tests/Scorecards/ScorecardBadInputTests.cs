using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Scorecards;

/// <summary>Bad input to the scorecard: a clear message naming the characteristic, file or line and what was expected.</summary>
[TestClass]
public sealed class ScorecardBadInputTests
{
    private static DataFrame Table(int rows, Func<int, double> x, Func<int, string> target, Func<int, double>? constant = null) => new(
        new DoubleDataFrameColumn("X", Enumerable.Range(0, rows).Select(x)),
        new DoubleDataFrameColumn("SAME", Enumerable.Range(0, rows).Select(i => constant?.Invoke(i) ?? 7.0)),
        new StringDataFrameColumn("label", Enumerable.Range(0, rows).Select(target)));

    private static string Label(int i) => i % 5 == 0 || (i % 7 == 0 && i > 500) ? "bad" : "good";

    [TestMethod]
    public void ACharacteristicWithASingleValueIsLeftOutWithTheReason()
    {
        var process = BinningProcess.Fit(Table(1000, i => i, Label), "label", "bad");

        var same = process.Choices.Single(c => c.Name == "SAME");
        Assert.IsFalse(same.Selected);
        StringAssert.Contains(same.Reason, "every row has the same value");
        Assert.IsTrue(process.Choices.Single(c => c.Name == "X").Selected);
    }

    [TestMethod]
    public void ATargetWithOneClassIsRefusedNamingTheColumn()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => BinningProcess.Fit(Table(200, i => i, _ => "bad"), "label", "bad"));
        StringAssert.Contains(error.Message, "label has a single class ('bad' only)");

        var none = Assert.ThrowsExactly<UserFacingException>(() => BinningProcess.Fit(Table(200, i => i, _ => "good"), "label", "bad"));
        StringAssert.Contains(none.Message, "positive label 'bad' not found in column label");
    }

    [TestMethod]
    public void AOneClassCharacteristicNamesItselfInTheBinner()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => Binner.Numeric("AMT_CREDIT", [1, 2, 3, 4], [false, false, false, false]));
        StringAssert.Contains(error.Message, "AMT_CREDIT: the target has no events");
    }

    [TestMethod]
    public void ATrendNoBinningCanFollowFallsBackToOneBinAndSaysWhichCharacteristic()
    {
        // The bad rate falls with x, but an ascending trend is asked for: only one bin can run "ascending".
        var values = Enumerable.Range(0, 2000).Select(i => (double)i).ToList();
        var target = values.Select(v => (int)v % (v < 1000 ? 3 : 20) == 0).ToList();

        var binning = Binner.Numeric("DAYS_EMPLOYED", values, target, new BinningOptions { Trend = MonotonicTrend.Ascending });

        Assert.HasCount(1, binning.OrdinaryBins.ToList());
        Assert.IsNotNull(binning.Note);
        StringAssert.Contains(binning.Note, "DAYS_EMPLOYED: no binning of two bins or more has ascending event rates");
        StringAssert.Contains(binning.Note, "fell back to one bin");
    }

    [TestMethod]
    public void AMinimumShareNoTwoBinsCanMeetFallsBackToOneBinAndSaysSo()
    {
        // Three values of 34, 33 and 33 rows: any cut leaves a bin under 49% of the rows.
        var values = Enumerable.Range(0, 100).Select(i => (double)(i < 34 ? 0 : i < 67 ? 1 : 2)).ToList();
        var target = values.Select((v, i) => i % 9 == 0).ToList();

        var binning = Binner.Numeric("CNT_CHILDREN", values, target, new BinningOptions { MinBinShare = 0.49, Trend = MonotonicTrend.None });

        Assert.HasCount(1, binning.OrdinaryBins.ToList());
        StringAssert.Contains(binning.Note, "CNT_CHILDREN: no binning of two bins or more meets every bin holding 49% of the rows and both classes (from 3 candidate bins)");
    }

    [TestMethod]
    public void AMalformedScorecardYamlNamesTheFileAndTheLine()
    {
        using var temp = new TempFile("scorecard.yaml", "kind: scorecard\ncharacteristics:\n  - name: X\n    bins: [ {kind: interval\n");

        var error = Assert.ThrowsExactly<UserFacingException>(() => ScorecardYaml.Load(temp.Path));

        StringAssert.Contains(error.Message, temp.Path);
        StringAssert.Contains(error.Message, "not a valid scorecard at line");
    }

    [TestMethod]
    public void AScorecardYamlWithAnUnknownBinKindNamesTheCharacteristic()
    {
        using var temp = new TempFile("scorecard.yaml", "kind: scorecard\ncharacteristics:\n  - name: AMT_CREDIT\n    numeric: true\n    bins:\n      - kind: bucket\n        count: 3\n");

        var error = Assert.ThrowsExactly<UserFacingException>(() => ScorecardYaml.Load(temp.Path));

        StringAssert.Contains(error.Message, $"{temp.Path}: AMT_CREDIT has a bin of kind 'bucket'");
    }

    [TestMethod]
    public void AScorecardNamingACharacteristicTheDataLacksIsRefusedByName()
    {
        var data = Table(1000, i => i, Label);
        var card = Scorecard.Fit(data, "label", "bad", BinningProcess.Fit(data, "label", "bad").Selected);
        data.Columns.Remove("X");

        var error = Assert.ThrowsExactly<UserFacingException>(() => card.Points(data));

        StringAssert.Contains(error.Message, "the data lacks the scorecard's characteristic X");
    }

    [TestMethod]
    public void AValueOutsideEveryBinIsScoredInTheMissingBinAndFlagged()
    {
        var data = Table(1000, i => i % 10 == 0 ? double.NaN : i, Label);
        var card = Scorecard.Fit(data, "label", "bad", BinningProcess.Fit(data, "label", "bad").Selected);
        var x = card.Characteristics.Single(c => c.Name == "X");
        // A scorecard edited to leave a gap: the first interval now ends below where the second starts.
        var gapped = x with { Bins = x.Bins.Select((b, i) => i == 0 ? b with { Upper = b.Upper - 50 } : b).ToList() };
        var gapStart = gapped.Bins[0].Upper!.Value;
        var application = new DataFrame(new DoubleDataFrameColumn("X", [gapStart + 1, 900]), new DoubleDataFrameColumn("SAME", [7.0, 7.0]));

        var placed = gapped.Place(gapStart + 1);
        Assert.AreSame(gapped.MissingBin, placed, "outside every bin: the missing bin");
        Assert.AreEqual(gapped.MissingBin!.Woe, gapped.WoeOf(gapStart + 1));
        Assert.IsEmpty(card.OutsideEveryBin(application), "the fitted card has no gap");

        var bad = new DataFrame(new DoubleDataFrameColumn("X", [double.NaN]), new DoubleDataFrameColumn("SAME", [7.0]));
        var noMissing = Table(1000, i => i, Label);
        var cardWithoutMissing = Scorecard.Fit(noMissing, "label", "bad", BinningProcess.Fit(noMissing, "label", "bad").Selected);
        var flagged = cardWithoutMissing.OutsideEveryBin(bad).Single();
        Assert.AreEqual("row 1: X = (missing) is outside every bin; scored in WoE 0 (no missing bin)", flagged.ToString());
    }

    private sealed class TempFile : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("creditpoc-bad-scorecard").FullName;

        public TempFile(string name, string text)
        {
            Path = System.IO.Path.Combine(_folder, name);
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
