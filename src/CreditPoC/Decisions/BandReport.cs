using System.Globalization;

namespace CreditPoC.Decisions;

/// <summary>One line of <see cref="BandReport.Table"/>.</summary>
public sealed record BandRow(string Band, int Applications, string Share, string Accuracy, string DefaultRate);

/// <summary>How one decision band did on data with known outcomes.</summary>
/// <param name="Coverage">Share of all applications that fell in the band.</param>
/// <param name="Accuracy">Approve: share that repaid. Reject: share that defaulted. Review: null (a person decides).</param>
public sealed record BandSummary(DecisionOutcome Band, int Count, double Coverage, double? Accuracy, double DefaultRate);

/// <summary>Coverage and accuracy of each band, and of the automated decisions together.</summary>
public sealed record BandReport(IReadOnlyList<BandSummary> Bands, double AutomatedShare, double AutomatedAccuracy)
{
    /// <summary>The bands as a table a reviewer reads: shares as percentages, accuracy blank for the review band.</summary>
    public IReadOnlyList<BandRow> Table() => Bands.Select(b => new BandRow(b.Band.ToString().ToLowerInvariant(), b.Count,
        b.Coverage.ToString("P1", CultureInfo.InvariantCulture), b.Accuracy?.ToString("P1", CultureInfo.InvariantCulture) ?? "(a person decides)",
        b.DefaultRate.ToString("P1", CultureInfo.InvariantCulture))).ToList();

    public static BandReport Compute(IReadOnlyList<DecisionOutcome> decisions, IReadOnlyList<bool> defaulted)
    {
        if (decisions.Count != defaulted.Count) throw new ArgumentException("decisions and labels differ in length");
        var total = Math.Max(1, decisions.Count);
        var bands = new List<BandSummary>();
        int automated = 0, correct = 0;
        foreach (var band in Enum.GetValues<DecisionOutcome>())
        {
            var rows = Enumerable.Range(0, decisions.Count).Where(i => decisions[i] == band).ToList();
            var defaults = rows.Count(i => defaulted[i]);
            double? accuracy = band switch
            {
                DecisionOutcome.Approve when rows.Count > 0 => (rows.Count - defaults) / (double)rows.Count,
                DecisionOutcome.Reject when rows.Count > 0 => defaults / (double)rows.Count,
                _ => null,
            };
            if (band != DecisionOutcome.Review)
            {
                automated += rows.Count;
                correct += band == DecisionOutcome.Approve ? rows.Count - defaults : defaults;
            }
            bands.Add(new BandSummary(band, rows.Count, rows.Count / (double)total, accuracy, rows.Count == 0 ? 0 : defaults / (double)rows.Count));
        }
        return new BandReport(bands, automated / (double)total, automated == 0 ? 0 : correct / (double)automated);
    }
}
