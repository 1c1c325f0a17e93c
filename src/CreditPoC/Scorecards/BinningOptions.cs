namespace CreditPoC.Scorecards;

/// <summary>How the event (bad) rate must run across a numeric characteristic's bins, from low values to high.</summary>
public enum MonotonicTrend
{
    /// <summary>No constraint: bins are only merged until each is large enough.</summary>
    None,
    Ascending,
    Descending,
    /// <summary>Ascending or descending, whichever the pre-bins' trend shows.</summary>
    Auto,
    /// <summary>Rising, then falling (an inverted U).</summary>
    Peak,
    /// <summary>Falling, then rising (a U).</summary>
    Valley,
    /// <summary>
    /// Whichever of ascending, descending, peak and valley keeps the most information (IV); a peak or valley only when
    /// it keeps clearly more (<see cref="Binner.ShapeGain"/>) than the better monotonic binning, for risks such as age
    /// that fall and rise again.
    /// </summary>
    AutoShape,
}

/// <summary>
/// The settings of one characteristic's binning. The defaults are fine-grained: 50 pre-bins merged to at least 2% of
/// the rows each, monotonic unless a peak or valley keeps clearly more information. On 100,000 generated rows they
/// gave a test AUC 0.009 higher than the textbook 20 pre-bins at 5% with monotonic bins only (0.7717 against 0.7607,
/// MinIv 0.005; see the README's scorecard figures).
/// </summary>
public sealed record BinningOptions
{
    /// <summary>Quantile pre-bins of a numeric characteristic before merging.</summary>
    public int PreBins { get; init; } = 50;

    /// <summary>Every ordinary bin holds at least this share of the rows (missing and special bins excepted).</summary>
    public double MinBinShare { get; init; } = 0.02;

    /// <summary>The events (or non-events, whichever class is rarer) a bin of <see cref="ForRows"/> holds on average.</summary>
    public const int EventsPerBin = 25;

    /// <summary>
    /// The settings for a table of <paramref name="rows"/> rows with this positive rate. From about 16,000 rows at an 8%
    /// rate, the fine-grained defaults. Below, the textbook binning (20 pre-bins, monotonic), with bins large enough to
    /// hold about <see cref="EventsPerBin"/> of the rarer class (5% to 20% of the rows): finer bins there have WoE values
    /// made of a handful of events, which the regression learns as if they were patterns, and more bin edges for tiny
    /// input changes to cross (on 3,900 training rows the fine defaults gave 41 characteristics, train AUC 0.85 against
    /// validation 0.73, and 4% of decisions flipping under noise).
    /// </summary>
    public static BinningOptions ForRows(int rows, double positiveRate)
    {
        var rarer = Math.Min(positiveRate, 1 - positiveRate);
        var share = rows <= 0 || rarer <= 0 ? 0.2 : EventsPerBin / (rows * rarer);
        return share <= 0.02
            ? new BinningOptions()
            : new BinningOptions { PreBins = 20, MinBinShare = Math.Clamp(share, 0.05, 0.2), Trend = MonotonicTrend.Auto };
    }

    public MonotonicTrend Trend { get; init; } = MonotonicTrend.AutoShape;

    /// <summary>Values with a meaning of their own (DAYS_EMPLOYED = 365243): each gets its own bin, never merged.</summary>
    public IReadOnlyList<double> SpecialValues { get; init; } = [];

    /// <summary>Text levels rarer than this share of the rows are merged into one "other" bin.</summary>
    public double RareLevelShare { get; init; } = 0.01;

    internal void Check()
    {
        if (PreBins < 2) throw new ArgumentOutOfRangeException(nameof(PreBins), PreBins, "at least 2 pre-bins");
        if (MinBinShare is <= 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(MinBinShare), MinBinShare, "a share between 0 and 0.5");
        if (RareLevelShare is < 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(RareLevelShare), RareLevelShare, "a share from 0 to 0.5");
    }
}
