using CreditPoC.Metrics;

namespace CreditPoC.Tests.Metrics;

[TestClass]
public sealed class RocAucTests
{
    [TestMethod]
    public void MatchesPairCountingWithTies()
    {
        double[] scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, double.NaN, 0.9];
        int[] labels = [0, 0, 1, 1, 1, 0, 1, -1];

        double auc = RocAuc.Compute(scores, labels);

        // Brute force over positive/negative pairs, ties count half.
        double wins = 0;
        int pairs = 0;
        for (int p = 0; p < scores.Length; p++)
        for (int n = 0; n < scores.Length; n++)
            if (labels[p] == 1 && labels[n] == 0 && !double.IsNaN(scores[p]) && !double.IsNaN(scores[n]))
            {
                pairs++;
                wins += scores[p] > scores[n] ? 1 : scores[p] == scores[n] ? 0.5 : 0;
            }
        Assert.AreEqual(wins / pairs, auc, 1e-12);
    }

    [TestMethod]
    public void PerfectReversedAndSingleClass()
    {
        Assert.AreEqual(1.0, RocAuc.Compute([1, 2, 3, 4], [0, 0, 1, 1]));
        Assert.AreEqual(0.0, RocAuc.Compute([1, 2, 3, 4], [1, 1, 0, 0]));
        Assert.IsTrue(double.IsNaN(RocAuc.Compute([1, 2], [1, 1])));
    }

    [TestMethod]
    public void SinglePrecisionScoresWithTiesCountedAsHalf()
    {
        Assert.AreEqual(0.75, RocAuc.Compute([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]), 1e-12);
        Assert.AreEqual(0.75, RocAuc.Compute([0.5f, 0.5f, 0.5f, 0.9f], [false, true, false, true]), 1e-12);
        Assert.AreEqual(1.0, RocAuc.Compute([-3f, -1f, 2f], [false, false, true]), 1e-12);
        Assert.IsTrue(double.IsNaN(RocAuc.Compute([0.1f, 0.2f], [true, true])));
    }

    [TestMethod]
    public void AllOverloadsAgree()
    {
        var random = new Random(5);
        var scores = Enumerable.Range(0, 500).Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray();
        var positive = scores.Select(s => random.NextDouble() < s).ToArray();
        var expected = RocAuc.Compute(scores.Select(s => (double)s).ToArray(), positive.Select(p => p ? 1 : 0).ToArray());
        Assert.AreEqual(expected, RocAuc.Compute(scores, positive));
        Assert.AreEqual(expected, RocAuc.Compute(scores.Select(s => (double)s).ToList(), positive));
    }
}
