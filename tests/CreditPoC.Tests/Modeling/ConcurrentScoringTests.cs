using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

/// <summary>
/// One model scored from many threads at once, as a web API does: every thread gets the single-threaded scores,
/// also when the threads race to build the model's lazily built scoring state (a freshly loaded model).
/// </summary>
[TestClass]
public sealed class ConcurrentScoringTests
{
    private const int Threads = 12;
    private static string _folder = null!;
    private static DataFrame _data = null!;
    private static Experiment _experiment = null!;

    [ClassInitialize]
    public static void Fit(TestContext _)
    {
        _folder = Directory.CreateTempSubdirectory("creditpoc-concurrent").FullName;
        _data = SyntheticTables.Credit(2000, seed: 13);
        _experiment = Experiment.Setup(_data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 2, progress: _ => { });
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>Runs <paramref name="work"/> on <see cref="Threads"/> threads released together; returns each thread's result.</summary>
    private static T[] OnManyThreads<T>(Func<int, T> work)
    {
        var results = new T[Threads];
        var errors = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            try { results[t] = work(t); }
            catch (Exception e) { errors[t] = e; }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (errors.FirstOrDefault(e => e is not null) is { } error) throw new AssertFailedException("a scoring thread failed", error);
        return results;
    }

    private static TrainedModel FreshCopy(TrainedModel model, string name)
    {
        var path = Path.Combine(_folder, name + ".zip");
        if (!File.Exists(path)) model.Save(path);
        return TrainedModel.Load(path);
    }

    [TestMethod]
    [DataRow("lightgbm", ScoringPath.Compiled)]
    [DataRow("lr", ScoringPath.Chain)]
    public void EveryThreadGetsTheSingleThreadedScores(string family, ScoringPath expectedPath)
    {
        var trained = _experiment.CreateModel(family);
        var expected = FreshCopy(trained, family).Predict(_data, out var path);
        Assert.AreEqual(expectedPath, path);

        var shared = FreshCopy(trained, family); // nothing built yet: the threads race to build it
        var results = OnManyThreads(_ => (Scores: shared.Predict(_data, out var p), Path: p));

        foreach (var (scores, threadPath) in results)
        {
            CollectionAssert.AreEqual(expected, scores);
            Assert.AreEqual(expectedPath, threadPath);
        }
        Assert.AreEqual(expectedPath, shared.LastScoringPath);
        Assert.IsGreaterThan(0.1, expected.Max() - expected.Min(), "the rows get different scores, so the comparison means something");
    }

    [TestMethod]
    public void ThreadsScoringOneRowAtATimeShareAPoolOfScorers()
    {
        var model = FreshCopy(_experiment.CreateModel("lightgbm"), "rows");
        var sample = _data.Head(200);
        var expected = model.Predict(sample);
        var rows = Enumerable.Range(0, 200).Select(r => sample.Columns.ToDictionary(c => c.Name, c => (object?)c[r])).ToArray();

        var results = OnManyThreads(t => rows.Select((_, i) => model.ScoreRow(rows[(i + 17 * t) % rows.Length])).ToArray());

        for (var t = 0; t < Threads; t++)
            for (var i = 0; i < rows.Length; i++)
                Assert.AreEqual(expected[(i + 17 * t) % rows.Length], results[t][i], 1e-6, $"thread {t}, call {i}");
    }

    [TestMethod]
    public void ThreadsExplainingAtOnceGetTheSameReasons()
    {
        var model = FreshCopy(_experiment.CreateModel("lightgbm"), "explain");
        var sample = _data.Head(40);
        var expected = FreshCopy(model, "explain").Explain(sample);

        var results = OnManyThreads(_ => model.Explain(sample));

        foreach (var explanations in results)
            for (var row = 0; row < expected.Count; row++)
                Assert.AreEqual(string.Join("; ", expected[row].Reasons), string.Join("; ", explanations[row].Reasons), $"row {row}");
    }

    [TestMethod]
    [DataRow("lightgbm")]
    [DataRow("lr")]
    public void ExplainingOneRowAtATimeGivesTheTablesScoresAndReasonsOnEveryThread(string family)
    {
        var model = FreshCopy(_experiment.CreateModel(family), "explain-row-" + family);
        var sample = _data.Head(60);
        var expected = FreshCopy(model, "explain-row-" + family).Explain(sample);
        var rows = Enumerable.Range(0, 60).Select(r => sample.Columns.ToDictionary(c => c.Name, c => (object?)c[r])).ToArray();

        var results = OnManyThreads(t => rows.Select((_, i) => model.ExplainRow(rows[(i + 7 * t) % rows.Length])).ToArray());

        for (var t = 0; t < Threads; t++)
            for (var i = 0; i < rows.Length; i++)
            {
                var want = expected[(i + 7 * t) % rows.Length];
                Assert.AreEqual(want.Probability, results[t][i].Probability, 1e-6, $"thread {t}, call {i}");
                Assert.AreEqual(want.ReasonText, results[t][i].ReasonText, $"thread {t}, call {i}");
            }
    }
}
