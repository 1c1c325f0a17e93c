namespace CreditPoC.Scorecards;

/// <summary>
/// One characteristic's bins with their WoE and IV: ordinary bins (intervals from low to high, or groups of text
/// levels from the lowest event rate to the highest), then the missing bin and the special-value bins.
/// </summary>
public sealed record CharacteristicBinning(string Name, bool IsNumeric, IReadOnlyList<Bin> Bins, MonotonicTrend Trend)
{
    /// <summary>Why the binning has fewer bins than asked for, when a constraint could not be met otherwise; null when it could.</summary>
    public string? Note { get; init; }

    public double Iv => Bins.Sum(b => b.Iv);

    public IvBand Band => InformationValue.BandOf(Iv);

    /// <summary>The ordinary bins (not missing, not special).</summary>
    public IEnumerable<Bin> OrdinaryBins => Bins.Where(b => b.Kind is BinKind.Interval or BinKind.Levels);

    /// <summary>The bin of a number (NaN = missing); null when training saw no such value (no missing or special bin).</summary>
    public Bin? Find(double value)
    {
        if (double.IsNaN(value)) return Bins.FirstOrDefault(b => b.Kind == BinKind.Missing);
        var special = Bins.FirstOrDefault(b => b.Kind == BinKind.Special && b.SpecialValue == value);
        if (special is not null) return special;
        return Bins.FirstOrDefault(b => b.Kind == BinKind.Interval && (b.Lower is null || value >= b.Lower) && (b.Upper is null || value < b.Upper));
    }

    /// <summary>The bin of a text level (null or empty = missing); an unseen level goes to the bin that takes other levels.</summary>
    public Bin? Find(string? level)
    {
        if (string.IsNullOrEmpty(level)) return Bins.FirstOrDefault(b => b.Kind == BinKind.Missing);
        return Bins.FirstOrDefault(b => b.Kind == BinKind.Levels && b.Levels.Contains(level, StringComparer.Ordinal))
               ?? Bins.FirstOrDefault(b => b.TakesOtherLevels);
    }

    /// <summary>The missing bin, when training saw missing values.</summary>
    public Bin? MissingBin => Bins.FirstOrDefault(b => b.Kind == BinKind.Missing);

    /// <summary>
    /// The bin a number is scored in: its own (<see cref="Find(double)"/>), or, outside every bin (a gap in a loaded
    /// scorecard, a missing value training never saw), the missing bin; null when there is none (WoE 0).
    /// </summary>
    public Bin? Place(double value) => Find(value) ?? MissingBin;

    public Bin? Place(string? level) => Find(level) ?? MissingBin;

    /// <summary>The WoE of the bin a value is scored in (<see cref="Place(double)"/>); 0 (no evidence either way) when there is none.</summary>
    public double WoeOf(double value) => Place(value)?.Woe ?? 0;

    public double WoeOf(string? level) => Place(level)?.Woe ?? 0;
}
