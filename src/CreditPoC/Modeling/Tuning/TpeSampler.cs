namespace CreditPoC.Modeling.Tuning;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate as in Optuna's default TPESampler: the first
/// <see cref="StartupTrials"/> points are random; after that, finished trials are split at the gamma quantile into
/// good (the best ceil(0.1 n), at most 25) and bad; for each parameter a Parzen estimator (a mixture of truncated
/// Gaussians, one per observation plus a wide prior, bandwidths from neighbour distances clipped Optuna's way) is
/// fitted to each group in the parameter's internal space (log space for log parameters), <see cref="Candidates"/>
/// candidates are drawn from the good mixture l(x), and the one with the largest l(x)/g(x) is chosen.
/// </summary>
public sealed class TpeSampler : ISampler
{
    public TpeSampler(int startupTrials = 10, int candidates = 24)
    {
        StartupTrials = Math.Max(1, startupTrials);
        Candidates = Math.Max(1, candidates);
    }

    public string Name => "tpe";
    public int StartupTrials { get; }
    public int Candidates { get; }

    public IReadOnlyDictionary<string, double> Suggest(SearchSpace space, IReadOnlyList<ScoredPoint> history, Random random)
    {
        var finished = history.Where(h => double.IsFinite(h.Score)).ToList();
        if (finished.Count < StartupTrials)
            return new RandomSampler().Suggest(space, history, random);

        var ordered = finished.OrderByDescending(h => h.Score).ToList();
        var goodCount = Math.Clamp((int)Math.Ceiling(0.1 * ordered.Count), 1, 25);
        var good = ordered.Take(goodCount).ToList();
        var bad = ordered.Skip(goodCount).ToList();
        var point = new Dictionary<string, double>();
        foreach (var p in space.Parameters)
        {
            var (low, high) = p.Internal();
            var l = new Parzen(good.Select(h => p.ToInternal(h.Point[p.Name])).ToArray(), low, high);
            var g = new Parzen(bad.Select(h => p.ToInternal(h.Point[p.Name])).ToArray(), low, high);
            var best = double.NaN;
            var bestRatio = double.NegativeInfinity;
            for (var c = 0; c < Candidates; c++)
            {
                var x = l.Sample(random);
                var ratio = l.LogDensity(x) - g.LogDensity(x);
                if (ratio > bestRatio) (best, bestRatio) = (x, ratio);
            }
            point[p.Name] = p.FromInternal(best);
        }
        return point;
    }

    /// <summary>A mixture of Gaussians truncated to [low, high]: one per observation and a prior over the whole range.</summary>
    private sealed class Parzen
    {
        private readonly double[] _mu;
        private readonly double[] _sigma;
        private readonly double[] _logNormalizer;
        private readonly double _low, _high;

        public Parzen(double[] observations, double low, double high)
        {
            _low = low;
            _high = high;
            var range = high - low;
            var prior = 0.5 * (low + high);
            var mus = observations.Append(prior).OrderBy(m => m).ToArray();
            var priorIndex = Array.IndexOf(mus, prior);
            var n = mus.Length;
            var sigmas = new double[n];
            for (var i = 0; i < n; i++)
            {
                var left = i > 0 ? mus[i] - mus[i - 1] : mus[i] - low;
                var right = i < n - 1 ? mus[i + 1] - mus[i] : high - mus[i];
                sigmas[i] = Math.Max(left, right);
            }
            var minSigma = range / Math.Min(100.0, 1.0 + n);
            for (var i = 0; i < n; i++) sigmas[i] = Math.Clamp(sigmas[i], minSigma, range);
            sigmas[priorIndex] = range;
            _mu = mus;
            _sigma = sigmas;
            _logNormalizer = mus.Select((m, i) => Math.Log(Math.Max(1e-300, Phi((high - m) / sigmas[i]) - Phi((low - m) / sigmas[i])))).ToArray();
        }

        public double Sample(Random random)
        {
            var k = random.Next(_mu.Length);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var x = _mu[k] + _sigma[k] * Normal(random);
                if (x >= _low && x <= _high) return x;
            }
            return _low + random.NextDouble() * (_high - _low);
        }

        public double LogDensity(double x)
        {
            // log( (1/K) Σ N(x; μk, σk) / Zk ), computed with log-sum-exp.
            var terms = new double[_mu.Length];
            for (var k = 0; k < _mu.Length; k++)
            {
                var z = (x - _mu[k]) / _sigma[k];
                terms[k] = -0.5 * z * z - Math.Log(_sigma[k]) - 0.5 * Math.Log(2 * Math.PI) - _logNormalizer[k];
            }
            var max = terms.Max();
            return max + Math.Log(terms.Sum(t => Math.Exp(t - max))) - Math.Log(_mu.Length);
        }

        private static double Normal(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        private static double Phi(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

        /// <summary>Error function (Abramowitz and Stegun 7.1.26, error below 1.5e-7).</summary>
        private static double Erf(double x)
        {
            var sign = Math.Sign(x);
            x = Math.Abs(x);
            var t = 1 / (1 + 0.3275911 * x);
            var y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
            return sign * y;
        }
    }
}
