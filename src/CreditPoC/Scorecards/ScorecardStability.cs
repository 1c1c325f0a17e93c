using CreditPoC.Monitoring;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Scorecards;

/// <summary>How one characteristic's applicants spread over its scorecard bins in the reference and in the batch.</summary>
/// <param name="Csi">The characteristic stability index: PSI over the scorecard's own bins (plus a slot for values outside every bin).</param>
public sealed record CharacteristicStability(string Characteristic, double Csi, DriftStatus Status,
    IReadOnlyList<string> Bins, IReadOnlyList<double> ReferenceShares, IReadOnlyList<double> BatchShares);

/// <summary>The stability of a scorecard's inputs and of its score between a reference (its training data) and a batch.</summary>
/// <param name="ScorePsi">PSI of the points over ten quantile bands of the reference's points, as the monitoring drift report bins a number.</param>
public sealed record ScorecardStabilityReport(IReadOnlyList<CharacteristicStability> Characteristics, double ScorePsi, DriftStatus ScoreStatus,
    int ReferenceRows, int BatchRows)
{
    public DriftStatus Status => Characteristics.Select(c => c.Status).Append(ScoreStatus).Max();
}

/// <summary>
/// The scorecard's monitoring hook: the characteristic stability index (CSI) of each characteristic over the
/// scorecard's own bins, and the population stability index (PSI) of the score, both with the PSI and its warn and
/// alert bands of the monitoring library (<see cref="DriftDetector.Psi"/>, <see cref="DriftThresholds"/>).
/// </summary>
public static class ScorecardStability
{
    private const string OutsideEveryBin = "outside every bin";

    public static ScorecardStabilityReport Compare(Scorecard scorecard, DataFrame reference, DataFrame batch, DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(batch);
        thresholds ??= new DriftThresholds();
        var characteristics = scorecard.Characteristics.Select(c =>
        {
            var expected = Shares(c, Column(reference, c.Name, "reference"));
            var actual = Shares(c, Column(batch, c.Name, "batch"));
            var csi = DriftDetector.Psi(expected, actual);
            return new CharacteristicStability(c.Name, csi, StatusOf(csi, thresholds),
                [.. c.Bins.Select(b => b.Label), OutsideEveryBin], expected, actual);
        }).ToList();

        var referencePoints = scorecard.Points(reference);
        var bands = FeatureReference.Numeric("points", referencePoints.Select(p => (double?)p));
        var batchShares = FeatureReference.ToShares(FeatureReference.BinCounts(scorecard.Points(batch), bands.Edges));
        var scorePsi = DriftDetector.Psi(bands.Shares, batchShares);
        return new ScorecardStabilityReport(characteristics, scorePsi, StatusOf(scorePsi, thresholds), (int)reference.Rows.Count, (int)batch.Rows.Count);
    }

    /// <summary>The share of rows in each bin of the characteristic, then the share in no bin.</summary>
    private static double[] Shares(CharacteristicBinning characteristic, DataFrameColumn column)
    {
        var counts = new long[characteristic.Bins.Count + 1];
        var bins = characteristic.Bins.ToList();
        void Count(Bin? bin) => counts[bin is null ? ^1 : bins.FindIndex(b => ReferenceEquals(b, bin))]++;
        if (characteristic.IsNumeric)
            foreach (var value in ColumnValues.Numbers(column)) Count(characteristic.Find(value));
        else
            foreach (var value in ColumnValues.Texts(column)) Count(characteristic.Find(value));
        return FeatureReference.ToShares(counts);
    }

    private static DataFrameColumn Column(DataFrame data, string name, string which) => data.Columns.IndexOf(name) >= 0 ? data.Columns[name]
        : throw new UserFacingException($"the {which} data lacks the scorecard's characteristic {name}");

    private static DriftStatus StatusOf(double psi, DriftThresholds thresholds) =>
        psi >= thresholds.PsiAlert ? DriftStatus.ALERT : psi >= thresholds.PsiWarn ? DriftStatus.WARN : DriftStatus.OK;
}
