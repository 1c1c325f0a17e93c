using CreditPoC.Metrics;

namespace CreditPoC.Tests.Metrics;

[TestClass]
public sealed class AucTests
{
    [TestMethod]
    public void PerfectReversedAndTiedScores()
    {
        int[] labels = [0, 0, 1, 1];
        Assert.AreEqual(1.0, Auc.Compute([0.1, 0.2, 0.8, 0.9], labels), 1e-12);
        Assert.AreEqual(0.0, Auc.Compute([0.9, 0.8, 0.2, 0.1], labels), 1e-12);
        Assert.AreEqual(0.5, Auc.Compute([0.5, 0.5, 0.5, 0.5], labels), 1e-12);
        // One tie between a positive and a negative counts half: 3.5 of 4 pairs.
        Assert.AreEqual(0.875, Auc.Compute([0.1, 0.5, 0.5, 0.9], labels), 1e-12);
    }

    [TestMethod]
    public void MatchesPairCountingOnRandomScoresWithTies()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 400).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 0.2 + 0.5 * s ? 1 : 0).ToArray();
        double wins = 0, pairs = 0;
        for (var i = 0; i < scores.Length; i++)
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] != 1 || labels[j] != 0) continue;
                pairs++;
                wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        Assert.AreEqual(wins / pairs, Auc.Compute(scores, labels), 1e-12);
    }

    [TestMethod]
    public void RejectsInputItCannotScore()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Auc.Compute([0.1, 0.2], [1, 1]));
        Assert.ThrowsExactly<ArgumentException>(() => Auc.Compute([0.1], [1, 0]));
        Assert.ThrowsExactly<ArgumentException>(() => Auc.Compute([double.NaN, 0.2], [1, 0]));
        Assert.ThrowsExactly<ArgumentException>(() => Auc.Compute([0.1, 0.2], [2, 0]));
    }
}
