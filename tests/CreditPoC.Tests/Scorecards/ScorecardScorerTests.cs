using CreditPoC.Modeling;
using CreditPoC.Scorecards;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Scorecards;

[TestClass]
public sealed class ScorecardScorerTests
{
    // A small card made by hand: AGE has no missing bin, TYPE has one and no bin for other levels.
    private static readonly Scorecard Card = new(
        [
            new CharacteristicBinning("AGE", true,
            [
                new Bin { Kind = BinKind.Interval, Upper = 30, Count = 40, Events = 8, Woe = -0.5 },
                new Bin { Kind = BinKind.Interval, Lower = 30, Count = 60, Events = 4, Woe = 0.4 },
            ], MonotonicTrend.Ascending),
            new CharacteristicBinning("TYPE", false,
            [
                new Bin { Kind = BinKind.Levels, Levels = ["A"], Count = 50, Events = 3, Woe = 0.3 },
                new Bin { Kind = BinKind.Levels, Levels = ["B"], Count = 40, Events = 7, Woe = -0.6 },
                new Bin { Kind = BinKind.Missing, Count = 10, Events = 2, Woe = -0.2 },
            ], MonotonicTrend.None),
        ],
        [-0.8, -1.0], -2.5, new PointsScale(), []);

    private static double TablePoints(string characteristic, Func<Bin, bool> which) =>
        Card.Table.Single(t => t.Characteristic == characteristic && which(t.Bin)).Points;

    private static double BestPoints(string characteristic) => Card.Table.Where(t => t.Characteristic == characteristic).Max(t => t.Points);

    private static DataFrame Frame(double[] ages, string?[] types) =>
        new(new DoubleDataFrameColumn("AGE", ages), new StringDataFrameColumn("TYPE", types));

    [TestMethod]
    public void PointsAreTheSumOfTheBinsPointsUnroundedAndGiveTheCardsProbability()
    {
        var data = Frame([25, 45, 30], ["B", "A", null]);
        var scores = new ScorecardScorer(Card).Score(data);
        var cardPoints = Card.Points(data);
        var expected = new[]
        {
            TablePoints("AGE", b => b.Upper == 30) + TablePoints("TYPE", b => b.Levels.Contains("B")),
            TablePoints("AGE", b => b.Lower == 30) + TablePoints("TYPE", b => b.Levels.Contains("A")),
            TablePoints("AGE", b => b.Lower == 30) + TablePoints("TYPE", b => b.Kind == BinKind.Missing),
        };
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.AreEqual(expected[r], scores[r].Points, 1e-9, $"row {r}");
            Assert.AreEqual(cardPoints[r], scores[r].Points, 1e-9, $"row {r}: the same points as Scorecard.Points");
            Assert.AreEqual(Card.Scale.Probability(scores[r].Points), scores[r].Probability, 1e-12);
            Assert.AreEqual(Card.Probabilities(data)[r], scores[r].Probability, 1e-9);
            Assert.AreEqual((long)Math.Round(scores[r].Points, MidpointRounding.AwayFromZero), scores[r].DisplayPoints);
            Assert.IsEmpty(scores[r].OutsideBins);
        }
        Assert.AreNotEqual(Math.Round(scores[0].Points), scores[0].Points, "kept unrounded");
    }

    [TestMethod]
    public void TheReasonsAreTheCharacteristicsThatLostTheMostPointsAgainstTheirBestBin()
    {
        var score = new ScorecardScorer(Card).Score(Frame([25], ["B"]), top: 3).Single();

        var lostAge = BestPoints("AGE") - TablePoints("AGE", b => b.Upper == 30);
        var lostType = BestPoints("TYPE") - TablePoints("TYPE", b => b.Levels.Contains("B"));
        Assert.IsGreaterThan(lostAge, lostType, "this card costs a B more than an age under 30");
        Assert.HasCount(2, score.Reasons);
        Assert.AreEqual("TYPE", score.Reasons[0].Feature);
        Assert.AreEqual(lostType, score.Reasons[0].Contribution, 1e-9);
        Assert.AreEqual("B", score.Reasons[0].Description);
        Assert.AreEqual(ReasonUnit.Points, score.Reasons[0].Unit);
        Assert.AreEqual(ReasonDirection.RaisesRisk, score.Reasons[0].Direction);
        Assert.AreEqual("AGE", score.Reasons[1].Feature);
        Assert.AreEqual(lostAge, score.Reasons[1].Contribution, 1e-9);
        Assert.AreEqual("[-inf, 30)", score.Reasons[1].Description);
        Assert.AreEqual("25", score.Reasons[1].Value);
        Assert.AreEqual($"TYPE B: -{Math.Round(lostType):0} points", score.Reasons[0].ToString());

        Assert.HasCount(1, new ScorecardScorer(Card).Score(Frame([25], ["B"]), top: 1).Single().Reasons);
        Assert.IsEmpty(new ScorecardScorer(Card).Score(Frame([45], ["A"])).Single().Reasons, "the best bin everywhere loses nothing");
    }

    [TestMethod]
    public void AValueOutsideEveryBinIsScoredAsMissingAndFlagged()
    {
        // AGE missing: training saw no missing AGE (no missing bin), so WoE 0. TYPE "C": no bin takes other levels, so its missing bin.
        var score = new ScorecardScorer(Card).Score(Frame([double.NaN], ["C"])).Single();

        var scorer = new ScorecardScorer(Card);
        Assert.AreEqual(scorer.PointsOf(0, 0) + TablePoints("TYPE", b => b.Kind == BinKind.Missing), score.Points, 1e-9);
        CollectionAssert.AreEqual(new[] { "AGE", "TYPE" }, score.OutsideBins.ToArray());
        Assert.AreEqual("outside_bins:AGE;outside_bins:TYPE", score.Flags);
        var type = score.Reasons.Single(r => r.Feature == "TYPE");
        Assert.AreEqual("outside every bin, scored as missing", type.Description);
        Assert.AreEqual("C", type.Value);
        Assert.AreEqual("outside every bin", score.Reasons.Single(r => r.Feature == "AGE").Description);
    }

    [TestMethod]
    public void OneApplicationByNameScoresAsItsRowInATable()
    {
        var scorer = new ScorecardScorer(Card);
        var table = scorer.Score(Frame([25, double.NaN], ["A", null]));
        var first = scorer.Score(new Dictionary<string, object?> { ["AGE"] = 25.0, ["TYPE"] = "A" });
        var second = scorer.Score(new Dictionary<string, object?> { ["AGE"] = null });

        Assert.AreEqual(table[0].Points, first.Points, 1e-12);
        CollectionAssert.AreEqual(table[0].Reasons.ToArray(), first.Reasons.ToArray());
        Assert.AreEqual(table[1].Points, second.Points, 1e-12);
        CollectionAssert.AreEqual(new[] { "AGE" }, second.OutsideBins.ToArray(), "an absent TYPE is missing, which has a bin");
        Assert.AreEqual(table[0].Probability, new ScorecardModel(Card).ScoreRow(new Dictionary<string, object?> { ["AGE"] = 25, ["TYPE"] = "A" }), 1e-12);
        var error = Assert.ThrowsExactly<UserFacingException>(() => scorer.Score(new Dictionary<string, object?> { ["AGE"] = "old" }));
        StringAssert.Contains(error.Message, "AGE must be a number, got 'old'");
    }

    [TestMethod]
    public void AScorecardModelSavedAsYamlLoadsBackAndExplainsTheSame()
    {
        var folder = Directory.CreateTempSubdirectory("creditpoc-scorecard-model").FullName;
        var path = Path.Combine(folder, "scorecard.yaml");
        var model = new ScorecardModel(Card);
        model.Save(path);

        IScoringModel loaded = ScorecardModel.Load(path);

        var data = Frame([25, 45, double.NaN], ["B", "C", "A"]);
        Assert.AreEqual("scorecard", loaded.Kind);
        CollectionAssert.AreEqual(new[] { "AGE", "TYPE" }, loaded.InputColumns.ToArray());
        var before = model.Explain(data);
        var after = loaded.Explain(data);
        for (var r = 0; r < before.Count; r++)
        {
            Assert.AreEqual(before[r].Probability, after[r].Probability, 1e-12);
            Assert.AreEqual(before[r].ReasonText, after[r].ReasonText);
        }
        CollectionAssert.AreEqual(after.Select(e => e.Probability).ToArray(), loaded.Predict(data));
        Directory.Delete(folder, recursive: true);
    }
}
