using CreditPoC.Modeling.Tuning;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class SearchTests
{
    private static readonly SearchSpace Space = new(
    [
        new ParameterRange("a", -5, 5),
        new ParameterRange("b", -5, 5),
        new ParameterRange("c", 1e-4, 10, Log: true),
        new ParameterRange("d", 2, 256, Integer: true),
        new ParameterRange("e", 0.4, 1.0),
    ]);

    /// <summary>A 5-d bowl with its top at a=1.5, b=-2, c=0.01, d=40, e=0.7 (c in log space, d scaled).</summary>
    private static double Bowl(IReadOnlyDictionary<string, double> p) =>
        -(Math.Pow(p["a"] - 1.5, 2) + Math.Pow(p["b"] + 2, 2) + Math.Pow(Math.Log10(p["c"]) + 2, 2)
          + Math.Pow((p["d"] - 40) / 25.0, 2) + Math.Pow((p["e"] - 0.7) * 10, 2));

    [TestMethod]
    public void TpeBeatsOrMatchesRandomSearchOnAQuadraticOverSeveralSeeds()
    {
        var tpeWins = 0;
        double tpeTotal = 0, randomTotal = 0;
        for (var seed = 1; seed <= 8; seed++)
        {
            var tpe = Search.Maximize(Space, new TpeSampler(), Bowl, trials: 60, seed).Max(t => t.Score);
            var random = Search.Maximize(Space, new RandomSampler(), Bowl, trials: 60, seed).Max(t => t.Score);
            tpeTotal += tpe;
            randomTotal += random;
            if (tpe >= random) tpeWins++;
            Console.WriteLine($"seed {seed}: tpe {tpe:F3} random {random:F3}");
        }
        Assert.IsGreaterThan(randomTotal / 8, tpeTotal / 8, "mean best score of TPE");
        Assert.IsGreaterThanOrEqualTo(6, tpeWins, "seeds where TPE is at least as good as random");
    }

    [TestMethod]
    public void SamplersStayInsideTheRangesAndRoundIntegers()
    {
        foreach (var sampler in new ISampler[] { new TpeSampler(startupTrials: 3), new RandomSampler() })
        {
            var trials = Search.Maximize(Space, sampler, Bowl, trials: 25, seed: 5);
            Assert.HasCount(25, trials);
            foreach (var t in trials)
            {
                foreach (var p in Space.Parameters)
                {
                    var v = t.Point[p.Name];
                    Assert.IsTrue(v >= p.Low && v <= p.High, $"{sampler.Name} {p.Name}={v} outside {p}");
                    if (p.Integer) Assert.AreEqual(Math.Round(v), v, $"{p.Name} is an integer parameter");
                }
            }
        }
    }

    [TestMethod]
    public void SameSeedGivesTheSameTrials()
    {
        var first = Search.Maximize(Space, new TpeSampler(), Bowl, trials: 20, seed: 9).Select(t => t.Score).ToArray();
        var second = Search.Maximize(Space, new TpeSampler(), Bowl, trials: 20, seed: 9).Select(t => t.Score).ToArray();
        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void ParameterImportanceFindsTheParameterThatDrivesTheScore()
    {
        var space = new SearchSpace([new ParameterRange("matters", 0, 1), new ParameterRange("noise", 0, 1)]);
        var random = new Random(3);
        var trials = Enumerable.Range(1, 30).Select(i =>
        {
            var point = new Dictionary<string, double> { ["matters"] = random.NextDouble(), ["noise"] = random.NextDouble() };
            return new TrialRecord(i, point, point["matters"] * 2 + 0.05 * random.NextDouble(), 10, 0.1, 0);
        }).ToList();
        var importance = ParameterImportance.Compute(space, trials);
        Assert.AreEqual("matters", importance[0].Key);
        Assert.AreEqual(1.0, importance.Sum(kv => kv.Value), 1e-9);
        Assert.IsGreaterThan(0.7, importance[0].Value);
    }

    [TestMethod]
    public void EmptySearchSpaceZeroTrialsAndUnknownSearcherAreClearErrors()
    {
        var empty = Assert.ThrowsExactly<UserFacingException>(() => new SearchSpace([]));
        StringAssert.Contains(empty.Message, "search space is empty");
        var zero = Assert.ThrowsExactly<UserFacingException>(() => Search.Maximize(Space, new RandomSampler(), Bowl, 0, 1));
        StringAssert.Contains(zero.Message, "trials must be at least 1");
        var searcher = Assert.ThrowsExactly<UserFacingException>(() => Search.Sampler("grid"));
        StringAssert.Contains(searcher.Message, "'grid'");
        var range = Assert.ThrowsExactly<UserFacingException>(() => new SearchSpace([new ParameterRange("x", 0, 1, Log: true)]));
        StringAssert.Contains(range.Message, "'x'");
    }
}
