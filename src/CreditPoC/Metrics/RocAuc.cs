using System.Numerics;

namespace CreditPoC.Metrics;

/// <summary>
/// Area under the ROC curve: the probability that a random positive scores above a random negative, ties between
/// scores counted as half (the Mann–Whitney statistic). O(n log n). Rows whose score is NaN are skipped; the result
/// is NaN when either class is empty. The one AUC of the library: every metric, report and search uses it.
/// </summary>
public static class RocAuc
{
    /// <summary>The AUC of scores against true/false outcomes (true = positive).</summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive) => FromLists(scores, positive);

    /// <summary>The AUC of single-precision scores (a model's raw output) against true/false outcomes.</summary>
    public static double Compute(IReadOnlyList<float> scores, IReadOnlyList<bool> positive) => FromLists(scores, positive);

    private static double FromLists<T>(IReadOnlyList<T> scores, IReadOnlyList<bool> positive) where T : IFloatingPointIeee754<T>
    {
        CheckLengths(scores.Count, positive.Count);
        var (keys, marks) = Buffers(scores.Count);
        int n = 0;
        for (int i = 0; i < keys.Length; i++)
            if (!T.IsNaN(scores[i]))
            {
                keys[n] = double.CreateTruncating(scores[i]);
                marks[n++] = positive[i] ? 1 : 0;
            }
        return SortedRanks(keys, marks, n);
    }

    /// <param name="scores">Higher = more likely positive.</param>
    /// <param name="labels">1 = positive, 0 = negative, anything else = skip.</param>
    public static double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        CheckLengths(scores.Length, labels.Length);
        var (keys, marks) = Buffers(scores.Length);
        int n = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]) || labels[i] is not (0 or 1))
                continue;
            keys[n] = scores[i];
            marks[n++] = labels[i];
        }
        return SortedRanks(keys, marks, n);
    }

    private static void CheckLengths(int scores, int labels)
    {
        if (scores != labels)
            throw new ArgumentException($"scores and labels differ in length ({scores:N0} and {labels:N0})");
    }

    private static (double[] Keys, int[] Marks) Buffers(int length) => (new double[length], new int[length]);

    /// <summary>Sorts the first <paramref name="n"/> keys and sums the average ranks of the positives.</summary>
    private static double SortedRanks(double[] keys, int[] marks, int n)
    {
        Array.Sort(keys, marks, 0, n);
        long positives = 0;
        double rankSum = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            long groupPositives = 0;
            while (j < n && keys[j] == keys[i])
                groupPositives += marks[j++];
            double averageRank = (i + 1 + j) / 2.0; // ranks i+1 .. j
            rankSum += averageRank * groupPositives;
            positives += groupPositives;
            i = j;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
