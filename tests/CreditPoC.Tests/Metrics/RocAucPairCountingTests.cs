using CreditPoC.Metrics;

namespace CreditPoC.Tests.Metrics;

[TestClass]
public sealed class RocAucPairCountingTests
{
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
        Assert.AreEqual(wins / pairs, RocAuc.Compute(scores, labels), 1e-12);
    }
}
