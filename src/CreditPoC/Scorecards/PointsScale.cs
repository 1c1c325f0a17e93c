namespace CreditPoC.Scorecards;

/// <summary>
/// How log-odds become points: <see cref="BaseScore"/> points at good:bad odds of <see cref="BaseOdds"/>, and
/// <see cref="PointsToDoubleOdds"/> more points each time the odds of a good outcome double (defaults 600, 50:1, 20).
/// score = Offset + Factor × ln(odds of good), Factor = PDO / ln 2, Offset = base score − Factor × ln(base odds).
/// </summary>
public sealed record PointsScale(double BaseScore = 600, double BaseOdds = 50, double PointsToDoubleOdds = 20)
{
    public double Factor => PointsToDoubleOdds / Math.Log(2);

    public double Offset => BaseScore - Factor * Math.Log(BaseOdds);

    /// <summary>The points of a probability of the event (bad).</summary>
    public double Points(double eventProbability) => Offset + Factor * Math.Log((1 - eventProbability) / eventProbability);

    /// <summary>The probability of the event (bad) that a number of points stands for.</summary>
    public double Probability(double points) => 1 / (1 + Math.Exp((points - Offset) / Factor));

    internal void Check()
    {
        if (!(PointsToDoubleOdds > 0)) throw new UserFacingException($"points to double the odds must be above 0, not {PointsToDoubleOdds}");
        if (!(BaseOdds > 0)) throw new UserFacingException($"the base odds must be above 0, not {BaseOdds}");
    }
}
