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
}
