namespace CreditPoC.Monitoring;

/// <summary>The distribution functions the drift tests need (Numerical Recipes-style series and continued fractions).</summary>
internal static class Statistics
{
    /// <summary>P(K &gt; x) for the Kolmogorov distribution: the p-value of a KS statistic scaled by sqrt(n_eff).</summary>
    public static double KolmogorovSurvival(double x)
    {
        if (x < 0.2) return 1.0;
        double sum = 0, sign = 1;
        for (var k = 1; k <= 100; k++)
        {
            var term = sign * Math.Exp(-2.0 * k * k * x * x);
            sum += term;
            if (Math.Abs(term) < 1e-12) break;
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>P(X &gt; x) for a chi-square variable with <paramref name="degreesOfFreedom"/>.</summary>
    public static double ChiSquareSurvival(double x, int degreesOfFreedom) =>
        x <= 0 ? 1.0 : UpperRegularizedGamma(degreesOfFreedom / 2.0, x / 2.0);

    private static double UpperRegularizedGamma(double a, double x)
    {
        if (x < a + 1)
        {
            // Series for the lower function P(a, x).
            double term = 1 / a, sum = term;
            for (var n = 1; n < 500; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15) break;
            }
            return Math.Clamp(1 - sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a)), 0, 1);
        }
        // Continued fraction (Lentz) for Q(a, x).
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 500; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return Math.Clamp(Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h, 0, 1);
    }

    private static double LogGamma(double x)
    {
        // Lanczos approximation, g = 7.
        double[] c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var sum = c[0];
        for (var i = 1; i < 9; i++) sum += c[i] / (x + i);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
