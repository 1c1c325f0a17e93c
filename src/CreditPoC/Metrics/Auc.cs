namespace CreditPoC.Metrics;

/// <summary>Area under the ROC curve.</summary>
public static class Auc
{
    /// <summary>
    /// The ROC AUC of <paramref name="scores"/> against 0/1 <paramref name="labels"/>: the chance that a random
    /// positive scores above a random negative, ties counting half (the Mann–Whitney statistic with mid-ranks).
    /// O(n log n). Throws when the lengths differ, a score is NaN, or either class is absent.
    /// </summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
            throw new ArgumentException($"{scores.Count} scores but {labels.Count} labels");
        var n = scores.Count;
        var order = new int[n];
        var keys = new double[n];
        long positives = 0;
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = scores[i];
            if (double.IsNaN(keys[i])) throw new ArgumentException($"score {i} is NaN");
            if (labels[i] is not (0 or 1)) throw new ArgumentException($"label {i} is {labels[i]}, expected 0 or 1");
            positives += labels[i];
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException("AUC needs both positive and negative labels");

        Array.Sort(keys, order);
        // Sum of the mid-ranks (1-based) of the positives.
        var rankSum = 0.0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            var midRank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                if (labels[order[k]] == 1) rankSum += midRank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
