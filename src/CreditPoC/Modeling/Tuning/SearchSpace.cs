using System.Globalization;

namespace CreditPoC.Modeling.Tuning;

/// <summary>One searched parameter: a range, sampled uniformly or log-uniformly; integer parameters are rounded.</summary>
public sealed record ParameterRange(string Name, double Low, double High, bool Log = false, bool Integer = false)
{
    /// <summary>The range in the space the samplers work in: log for log parameters, ±0.5 around integer bounds.</summary>
    internal (double Low, double High) Internal()
    {
        var (low, high) = Integer ? (Low - 0.5, High + 0.5) : (Low, High);
        if (Log && Integer) low = Math.Max(low, Low * 0.5);
        return Log ? (Math.Log(low), Math.Log(high)) : (low, high);
    }

    internal double ToInternal(double value) => Log ? Math.Log(value) : value;

    internal double FromInternal(double value)
    {
        var x = Log ? Math.Exp(value) : value;
        if (Integer) x = Math.Round(x);
        return Math.Clamp(x, Low, High);
    }

    public override string ToString() =>
        $"{Name}: {Low.ToString("G4", CultureInfo.InvariantCulture)}–{High.ToString("G4", CultureInfo.InvariantCulture)}" +
        (Log ? " (log)" : "") + (Integer ? " (int)" : "");
}

/// <summary>The parameters a search explores.</summary>
public sealed class SearchSpace
{
    public SearchSpace(IEnumerable<ParameterRange> parameters)
    {
        Parameters = parameters.ToList();
        if (Parameters.Count == 0)
            throw new UserFacingException("the search space is empty; give at least one parameter range");
        foreach (var p in Parameters)
        {
            if (!(p.Low < p.High) || !double.IsFinite(p.Low) || !double.IsFinite(p.High))
                throw new UserFacingException($"search space parameter '{p.Name}': low ({p.Low}) must be below high ({p.High})");
            if (p.Log && p.Low <= 0)
                throw new UserFacingException($"search space parameter '{p.Name}': a log range needs low > 0 (got {p.Low})");
        }
        var duplicate = Parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UserFacingException($"search space parameter '{duplicate.Key}' is given twice");
    }

    public IReadOnlyList<ParameterRange> Parameters { get; }

    /// <summary>The PoC's LightGBM space (LightGBM names).</summary>
    public static SearchSpace LightGbm { get; } = new(
    [
        new ParameterRange("lambda_l1", 1e-8, 10, Log: true),
        new ParameterRange("lambda_l2", 1e-8, 10, Log: true),
        new ParameterRange("num_leaves", 2, 256, Integer: true),
        new ParameterRange("feature_fraction", 0.4, 1.0),
        new ParameterRange("bagging_fraction", 0.4, 1.0),
        new ParameterRange("bagging_freq", 1, 7, Integer: true),
        new ParameterRange("min_child_samples", 5, 100, Integer: true),
        new ParameterRange("learning_rate", 0.01, 0.3, Log: true),
    ]);

    public override string ToString() => string.Join("; ", Parameters);
}

/// <summary>A finished evaluation: the point tried and its score (higher is better).</summary>
public sealed record ScoredPoint(IReadOnlyDictionary<string, double> Point, double Score);

/// <summary>Proposes the next point to try, given what was tried so far.</summary>
public interface ISampler
{
    string Name { get; }
    IReadOnlyDictionary<string, double> Suggest(SearchSpace space, IReadOnlyList<ScoredPoint> history, Random random);
}

/// <summary>Uniform (log-uniform for log parameters) random search.</summary>
public sealed class RandomSampler : ISampler
{
    public string Name => "random";

    public IReadOnlyDictionary<string, double> Suggest(SearchSpace space, IReadOnlyList<ScoredPoint> history, Random random) =>
        space.Parameters.ToDictionary(p => p.Name, p =>
        {
            var (low, high) = p.Internal();
            return p.FromInternal(low + random.NextDouble() * (high - low));
        });
}

/// <summary>Runs a search on any objective (no ML needed): the loop TuneModel uses, also for testing samplers.</summary>
public static class Search
{
    /// <summary>Creates a sampler by name: "tpe" or "random".</summary>
    public static ISampler Sampler(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "tpe" => new TpeSampler(),
        "random" => new RandomSampler(),
        _ => throw new UserFacingException($"unknown searcher '{name}'; use \"tpe\" or \"random\""),
    };

    /// <summary>Maximizes <paramref name="objective"/> over <paramref name="trials"/> points; returns every point and score.</summary>
    public static IReadOnlyList<ScoredPoint> Maximize(SearchSpace space, ISampler sampler,
        Func<IReadOnlyDictionary<string, double>, double> objective, int trials, int seed)
    {
        if (trials < 1) throw new UserFacingException($"trials must be at least 1 (got {trials})");
        var random = new Random(seed);
        var history = new List<ScoredPoint>();
        for (var t = 0; t < trials; t++)
        {
            var point = sampler.Suggest(space, history, random);
            history.Add(new ScoredPoint(point, objective(point)));
        }
        return history;
    }
}
