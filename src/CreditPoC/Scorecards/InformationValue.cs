namespace CreditPoC.Scorecards;

/// <summary>The usual reading of a characteristic's information value.</summary>
public enum IvBand
{
    /// <summary>Below 0.02.</summary>
    Useless,
    /// <summary>0.02 to 0.1.</summary>
    Weak,
    /// <summary>0.1 to 0.3.</summary>
    Medium,
    /// <summary>0.3 to 0.5.</summary>
    Strong,
    /// <summary>Above 0.5: too good to be true; check the characteristic for a leak of the outcome.</summary>
    Suspicious,
}

/// <summary>Weight of evidence and information value of bins, and the IV bands.</summary>
public static class InformationValue
{
    /// <summary>Added to an empty side of a bin (no events or no non-events) so that its WoE stays finite.</summary>
    public const double EmptyCountAdjustment = 0.5;

    public static IvBand BandOf(double iv) => iv switch
    {
        < 0.02 => IvBand.Useless,
        < 0.1 => IvBand.Weak,
        < 0.3 => IvBand.Medium,
        <= 0.5 => IvBand.Strong,
        _ => IvBand.Suspicious,
    };

    /// <summary>The bins with their WoE and IV filled in, from the totals over all of them.</summary>
    public static IReadOnlyList<Bin> WithWoe(IReadOnlyList<Bin> bins)
    {
        double events = bins.Sum(b => b.Events), nonEvents = bins.Sum(b => b.NonEvents);
        if (events == 0 || nonEvents == 0)
            throw new UserFacingException($"the target has {(events == 0 ? "no events" : "no non-events")}: weight of evidence needs both classes");
        return bins.Select(b =>
        {
            var eventShare = (b.Events == 0 ? EmptyCountAdjustment : b.Events) / events;
            var nonEventShare = (b.NonEvents == 0 ? EmptyCountAdjustment : b.NonEvents) / nonEvents;
            var woe = Math.Log(nonEventShare / eventShare);
            return b with { Woe = woe, Iv = (nonEventShare - eventShare) * woe };
        }).ToList();
    }
}
