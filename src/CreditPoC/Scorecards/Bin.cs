using System.Globalization;

namespace CreditPoC.Scorecards;

/// <summary>What a bin holds: a numeric interval, text levels, the missing values, or one special value.</summary>
public enum BinKind
{
    Interval,
    Levels,
    Missing,
    Special,
}

/// <summary>
/// One bin of a characteristic with its counts, event (bad) rate, weight of evidence and information value.
/// WoE = ln(share of the non-events / share of the events): positive where the bin is better than average.
/// An interval is [Lower, Upper): Lower null is −∞, Upper null is +∞.
/// </summary>
public sealed record Bin
{
    public required BinKind Kind { get; init; }
    public double? Lower { get; init; }
    public double? Upper { get; init; }
    public IReadOnlyList<string> Levels { get; init; } = [];
    public double? SpecialValue { get; init; }

    /// <summary>A text bin that also takes the rare levels and any level not seen in training.</summary>
    public bool TakesOtherLevels { get; init; }
    public required int Count { get; init; }
    public required int Events { get; init; }
    public int NonEvents => Count - Events;
    public double EventRate => Count == 0 ? 0 : (double)Events / Count;
    public double Woe { get; init; }
    public double Iv { get; init; }

    /// <summary>How the bin reads in a table: <c>[-inf, 0.25)</c>, <c>Cash loans, Revolving loans</c>, <c>missing</c>, <c>= 365243</c>.</summary>
    public string Label => Kind switch
    {
        BinKind.Interval => $"[{Number(Lower, "-inf")}, {Number(Upper, "inf")})",
        BinKind.Levels => string.Join(", ", Levels) + (TakesOtherLevels ? (Levels.Count == 0 ? "other levels" : ", other levels") : ""),
        BinKind.Missing => "missing",
        _ => "= " + Number(SpecialValue, ""),
    };

    private static string Number(double? value, string none) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? none;
}
