namespace CreditPoC.Metrics;

/// <summary>Area under the ROC curve, O(n log n), ties between scores counted as half (Mann–Whitney).</summary>
public static class RocAuc
{
    /// <summary>
    /// The probability that a random positive scores above a random negative. Rows whose score is NaN or whose
    /// label is neither 0 nor 1 are skipped. Returns NaN when either class is empty.
    /// </summary>
    /// <param name="scores">Higher = more likely positive.</param>
    /// <param name="labels">1 = positive, 0 = negative, anything else = skip.</param>
    /// <summary>The AUC of scores against true/false outcomes (true = positive).</summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive) =>
        Compute(scores.ToArray(), positive.Select(p => p ? 1 : 0).ToArray());

    public static double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
            throw new ArgumentException("scores and labels differ in length");
        var keys = new double[scores.Length];
        var marks = new int[scores.Length];
        int n = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]) || labels[i] is not (0 or 1))
                continue;
            keys[n] = scores[i];
            marks[n++] = labels[i];
        }
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
