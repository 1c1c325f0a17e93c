using CreditPoC.Metrics;
using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;

namespace CreditPoC.Tests.Modeling;

/// <summary>Trials and folds side by side: the same results as one at a time, in the same order.</summary>
[TestClass]
public sealed class ParallelFitTests
{
    private static Experiment Setup(int workers, int rows = 2000, int folds = 3) =>
        Experiment.Setup(SyntheticTables.Credit(rows, seed: 23), "TARGET", "1", ["SK_ID_CURR"], seed: 31, folds: folds,
            progress: _ => { }, workers: workers);

    private static void AssertSameTrials(TuningResult expected, TuningResult actual, int? count = null)
    {
        var n = count ?? expected.Trials.Count;
        Assert.IsGreaterThanOrEqualTo(n, actual.Trials.Count);
        for (var i = 0; i < n; i++)
        {
            var (e, a) = (expected.Trials[i], actual.Trials[i]);
            Assert.AreEqual(e.Number, a.Number);
            CollectionAssert.AreEqual(e.Parameters.OrderBy(p => p.Key).ToList(), a.Parameters.OrderBy(p => p.Key).ToList(), $"trial {e.Number} parameters");
            Assert.AreEqual(e.ValidationAuc, a.ValidationAuc, $"trial {e.Number} AUC");
            Assert.AreEqual(e.Rounds, a.Rounds, $"trial {e.Number} rounds");
        }
    }

    [TestMethod]
    public void ATrialOnTheSharedDatasetIsTheModelAFreshExperimentGivesAndTheBestIsRefittedAsInItsTrial()
    {
        var tuned = Setup(workers: 2).TuneModel(trials: 3, searcher: "random");
        var replayed = Setup(workers: 1).ReplayTrials(tuned.Trials.Select(t => t.Parameters).ToList());
        Assert.HasCount(3, replayed);
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(tuned.Trials[i].ValidationAuc, replayed[i].ValidationAuc, $"trial {i + 1} AUC");
            Assert.AreEqual(tuned.Trials[i].Rounds, replayed[i].Rounds, $"trial {i + 1} rounds");
            Assert.IsGreaterThan(0.5, replayed[i].ValidationAuc);
        }
        Assert.AreEqual(tuned.BestTrial.Rounds, tuned.BestModel.Rounds, "the best model is refitted exactly as in its trial");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void TpeWithTheSameSeedAndWorkersGivesTheSameTrials()
    {
        var first = Setup(workers: 2).TuneModel(trials: 13, searcher: "tpe");
        var second = Setup(workers: 2).TuneModel(trials: 13, searcher: "tpe");
        Assert.HasCount(13, first.Trials);
        CollectionAssert.AreEqual(Enumerable.Range(1, 13).ToArray(), first.Trials.Select(t => t.Number).ToArray(), "recorded in trial order");
        AssertSameTrials(first, second);
        Assert.AreEqual(first.BestParameters, second.BestParameters);

        // Trials run one at a time on all the experiment's threads, so the sampler proposes the same points for any
        // number of workers (the fits then run on 1 or 2 threads).
        var sequential = Setup(workers: 1).TuneModel(trials: 13, searcher: "tpe");
        for (var i = 0; i < 13; i++)
            CollectionAssert.AreEqual(first.Trials[i].Parameters.OrderBy(p => p.Key).ToList(), sequential.Trials[i].Parameters.OrderBy(p => p.Key).ToList(), $"trial {i + 1}");
        Assert.AreEqual(first.Trials.Max(t => t.ValidationAuc), first.Trials[^1].BestSoFar);
    }

    [TestMethod]
    public void RandomSearchIsTheSameWithOneOrTwoWorkers()
    {
        var sequential = Setup(workers: 1).TuneModel(trials: 5, searcher: "random");
        var parallel = Setup(workers: 2).TuneModel(trials: 5, searcher: "random");
        Assert.HasCount(5, parallel.Trials);
        AssertSameTrials(sequential, parallel);
        Assert.AreEqual(sequential.BestParameters, parallel.BestParameters);
        Assert.AreEqual(sequential.BestModel.Rounds, parallel.BestModel.Rounds);
    }

    [TestMethod]
    public void TheTimeoutIsCheckedBeforeEachTrial()
    {
        var lines = new List<string>();
        var experiment = Experiment.Setup(SyntheticTables.Credit(1500, seed: 5), "TARGET", "1", ["SK_ID_CURR"], seed: 31, folds: 3,
            progress: lines.Add, workers: 3);
        var timed = experiment.TuneModel(trials: 7, timeout: TimeSpan.Zero, searcher: "random");
        Assert.IsTrue(timed.StoppedByTimeout);
        Assert.HasCount(1, timed.Trials, "the first trial always runs, none after the timeout");
        CollectionAssert.AreEqual(new[] { "trial 1/7" },
            lines.Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]).ToArray(), "one progress line per trial");
        Assert.Contains(l => l.Contains("timeout", StringComparison.Ordinal) && l.Contains("after 1 trials", StringComparison.Ordinal), lines);

        var lines2 = new List<string>();
        var untimed = Experiment.Setup(SyntheticTables.Credit(1500, seed: 5), "TARGET", "1", ["SK_ID_CURR"], seed: 31, folds: 3,
            progress: lines2.Add, workers: 3).TuneModel(trials: 3, searcher: "random");
        Assert.HasCount(3, untimed.Trials);
        CollectionAssert.AreEqual(new[] { "trial 1/3", "trial 2/3", "trial 3/3" },
            lines2.Where(l => l.StartsWith("trial ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]).ToArray(), "in order");
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void CompareModelsGivesTheSameFoldsWithOneOrTwoWorkers()
    {
        var lines = new List<string>();
        var models = new[] { "lr", "dt", "rf", "lightgbm" };
        var sequential = Setup(workers: 1, rows: 1200).CompareModels(models);
        var parallelExperiment = Experiment.Setup(SyntheticTables.Credit(1200, seed: 23), "TARGET", "1", ["SK_ID_CURR"], seed: 31, folds: 3,
            progress: lines.Add, workers: 2);
        var parallel = parallelExperiment.CompareModels(models);
        CollectionAssert.AreEqual(sequential.Rows.Select(r => r.Model).ToArray(), parallel.Rows.Select(r => r.Model).ToArray());
        foreach (var (s, p) in sequential.Rows.Zip(parallel.Rows))
        {
            CollectionAssert.AreEqual(s.Folds.Select(f => f.Auc).ToArray(), p.Folds.Select(f => f.Auc).ToArray(), $"{s.Model} fold AUCs");
            CollectionAssert.AreEqual(s.Folds.Select(f => f.Rounds).ToArray(), p.Folds.Select(f => f.Rounds).ToArray(), $"{s.Model} rounds");
            CollectionAssert.AreEqual(new[] { 0, 1, 2 }, p.Folds.Select(f => f.Fold).ToArray());
            Assert.HasCount(s.OutOfFoldRoc.Count, p.OutOfFoldRoc);
        }
        var foldLines = lines.Where(l => l.Contains(": fold ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(" AUC", StringComparison.Ordinal)]).ToArray();
        CollectionAssert.AreEqual(models.SelectMany(m => Enumerable.Range(1, 3).Select(f => $"{m}: fold {f}/3")).ToArray(), foldLines, "progress in model and fold order");
    }

    [TestMethod]
    public void WorkersMustBePositiveAndDefaultToTheProcessorCount()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => Setup(workers: 0));
        StringAssert.Contains(error.Message, "workers");
        var byDefault = Experiment.Setup(SyntheticTables.Credit(300, seed: 1), "TARGET", "1", ["SK_ID_CURR"], progress: _ => { });
        Assert.AreEqual(Environment.ProcessorCount, byDefault.Workers);
    }

    [TestMethod]
    public void OrderedParallelHandsBackResultsInOrderAndRethrowsTheFirstFailure()
    {
        var seen = new List<int>();
        var results = OrderedParallel.Run(20, 3, i =>
        {
            Thread.Sleep((20 - i) % 4);
            return i * i;
        }, (i, r) => seen.Add(i));
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).Select(i => i * i).ToArray(), results);
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).ToArray(), seen);

        var handed = new List<int>();
        var error = Assert.ThrowsExactly<UserFacingException>(() => OrderedParallel.Run(10, 2, i =>
            i is 3 or 4 ? throw new UserFacingException($"job {i} failed") : i, (i, _) => handed.Add(i)));
        Assert.AreEqual("job 3 failed", error.Message);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, handed, "results before the failure are handed back, none after");

        var caller = Environment.CurrentManagedThreadId;
        CollectionAssert.AreEqual(new[] { caller, caller, caller }, OrderedParallel.Run(3, 1, _ => Environment.CurrentManagedThreadId), "one worker runs on the calling thread");
    }
}
