using System.Globalization;
using CreditPoC.Modeling;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Scorecards;

/// <summary>
/// One application scored by a scorecard: its points (unrounded: <see cref="DisplayPoints"/> rounds them for a
/// reader), the probability of the event they stand for, the reasons (the characteristics that lost the most points
/// against their best bin, in <see cref="ReasonUnit.Points"/>), and the characteristics whose value fell outside
/// every bin.
/// </summary>
public sealed record ScorecardScore(double Points, double Probability, IReadOnlyList<Reason> Reasons, IReadOnlyList<string> OutsideBins)
{
    /// <summary>The points rounded to a whole number, for display only.</summary>
    public long DisplayPoints => (long)Math.Round(Points, MidpointRounding.AwayFromZero);

    /// <summary>The row flags for the characteristics outside every bin: <c>outside_bins:NAME</c>, separated by ';' (as feature_engineering's flags).</summary>
    public string Flags => string.Join(';', OutsideBins.Select(c => $"{ScorecardScorer.OutsideBinsFlag}:{c}"));

    /// <summary>The reasons as one line, e.g. "EXT_SOURCE_3 [0.1, 0.3): -23 points; DAYS_BIRTH [-1e+04, -8000): -9 points".</summary>
    public string ReasonText => string.Join("; ", Reasons);
}

/// <summary>
/// Scores applications with a <see cref="Scorecard"/> the way an adverse-action notice reads it: per characteristic,
/// the points of the applicant's bin, and how many points short of the characteristic's best bin that is. A value no
/// bin takes (a missing value when training saw none, a text level when no bin takes other levels) is scored as the
/// characteristic's missing bin (no evidence either way, WoE 0, when it has none) and reported, so that a reviewer
/// sees the application was scored on something the scorecard was not built for.
/// </summary>
public sealed class ScorecardScorer
{
    public const string OutsideBinsFlag = "outside_bins";

    private readonly Scorecard _card;
    private readonly double[] _best;

    public ScorecardScorer(Scorecard card)
    {
        _card = card;
        _best = card.Characteristics.Select((c, i) => c.Bins.Count == 0 ? PointsOf(i, 0) : c.Bins.Max(b => PointsOf(i, b.Woe))).ToArray();
    }

    public Scorecard Card => _card;

    /// <summary>The points of characteristic <paramref name="characteristic"/> (its index in the card) for a bin of this WoE.</summary>
    public double PointsOf(int characteristic, double woe) =>
        -_card.Scale.Factor * (_card.Coefficients[characteristic] * woe + _card.Intercept / _card.Characteristics.Count)
        + _card.Scale.Offset / _card.Characteristics.Count;

    /// <summary>The most points characteristic <paramref name="characteristic"/> gives (its best bin's).</summary>
    public double BestPoints(int characteristic) => _best[characteristic];

    /// <summary>Every row of <paramref name="data"/> scored, with its <paramref name="top"/> reasons.</summary>
    public IReadOnlyList<ScorecardScore> Score(DataFrame data, int top = 3)
    {
        CheckTop(top);
        var values = _card.Characteristics.Select(c =>
        {
            var column = data.Columns.IndexOf(c.Name) >= 0 ? data.Columns[c.Name]
                : throw new UserFacingException($"the data lacks the scorecard's characteristic {c.Name}");
            return c.IsNumeric ? (object)ColumnValues.Numbers(column) : ColumnValues.Texts(column);
        }).ToArray();
        var scores = new ScorecardScore[data.Rows.Count];
        for (var r = 0; r < scores.Length; r++)
        {
            var row = r;
            scores[r] = Score(i => values[i] is double[] numbers ? numbers[row] : ((string?[])values[i])[row], top);
        }
        return scores;
    }

    /// <summary>One application given as name → value (a number, a string, or null/absent for missing).</summary>
    public ScorecardScore Score(IReadOnlyDictionary<string, object?> row, int top = 3)
    {
        CheckTop(top);
        return Score(i =>
        {
            var characteristic = _card.Characteristics[i];
            var value = row.TryGetValue(characteristic.Name, out var v) ? v : null;
            if (!characteristic.IsNumeric) return value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
            return value switch
            {
                null => double.NaN,
                double d => d,
                string s when s.Length == 0 => double.NaN,
                IConvertible c => ToNumber(characteristic.Name, c),
                _ => throw new UserFacingException($"{characteristic.Name} must be a number, got {value.GetType().Name}"),
            };
        }, top);
    }

    private static double ToNumber(string name, IConvertible value)
    {
        try
        {
            return value.ToDouble(CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new UserFacingException($"{name} must be a number, got '{value}'");
        }
    }

    /// <param name="value">The applicant's value of characteristic i: a double (NaN = missing) or a string (null = missing).</param>
    private ScorecardScore Score(Func<int, object?> value, int top)
    {
        var total = 0.0;
        var lost = new List<Reason>(_card.Characteristics.Count);
        List<string>? outside = null;
        for (var i = 0; i < _card.Characteristics.Count; i++)
        {
            var characteristic = _card.Characteristics[i];
            var raw = value(i);
            var bin = raw is double number ? characteristic.Find(number) : characteristic.Find((string?)raw);
            var description = bin?.Label;
            if (bin is null)
            {
                (outside ??= []).Add(characteristic.Name);
                bin = characteristic.Bins.FirstOrDefault(b => b.Kind == BinKind.Missing);
                description = bin is null ? "outside every bin" : "outside every bin, scored as missing";
            }
            var points = PointsOf(i, bin?.Woe ?? 0);
            total += points;
            lost.Add(new Reason(characteristic.Name, description!, Text(raw), _best[i] - points, ReasonUnit.Points));
        }
        var reasons = lost.Where(r => r.Contribution > 1e-9)
            .OrderByDescending(r => r.Contribution).ThenBy(r => r.Feature, StringComparer.Ordinal).Take(top).ToList();
        return new ScorecardScore(total, _card.Scale.Probability(total), reasons, (IReadOnlyList<string>?)outside ?? []);
    }

    private static string Text(object? raw) => raw switch
    {
        double d when double.IsNaN(d) => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        string s => s,
        _ => "",
    };

    private static void CheckTop(int top)
    {
        if (top < 1) throw new UserFacingException($"top must be at least 1 (got {top})");
    }
}
