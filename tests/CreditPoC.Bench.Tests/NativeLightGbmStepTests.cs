using CreditPoC.Bench.Steps;
using CreditPoC.Metrics;

namespace CreditPoC.Bench.Tests;

/// <summary>The lightgbm-native step: ours side by side with lib_lightgbm driven by Debian's python3 through ctypes.</summary>
[TestClass]
public sealed class NativeLightGbmStepTests
{
    private static readonly string[] Figures =
    [
        "fit_ms_per_round", "native_fit_ms_per_round", "fit_ratio", "replay_s", "native_replay_s", "replay_ratio", "optuna_s", "tpe_s",
        "tpe_ratio_vs_optuna", "test_auc", "native_test_auc", "optuna_test_auc", "score_rows_per_s", "native_score_rows_per_s", "shap_3416_s",
    ];

    [TestMethod]
    [TestCategory("Slow")]
    public void RunsOnSmallDataSideBySideWithTheNativeBaselineOrSaysWhyNot()
    {
        using var temp = new TempFolder();
        var settings = BenchRunnerTests.Quick(temp, 3000, "lightgbm-native") with { CompareWithPython = true, Trials = 3 };
        var log = new StringWriter();

        var result = BenchRunner.Run(settings, log).Single().Result;

        if (result.Skipped is { } skipped)
        {
            StringAssert.StartsWith(skipped, "skipped: python3 with numpy and optuna is not installed", log.ToString());
            Assert.Inconclusive(skipped);
        }
        foreach (var name in Figures)
            Assert.IsTrue(result.Figures.TryGetValue(name, out var value) && double.IsFinite(value) && value > 0, $"{name}: {string.Join(", ", result.Figures)}\n{log}");
        Assert.AreEqual(3.0, result.Figures["trials"]);
        Assert.AreEqual(result.Figures["fit_rounds"], result.Figures["native_fit_rounds"], "the same fixed fit on both sides");
        Assert.AreEqual(result.Figures["replay_rounds"], result.Figures["native_replay_rounds"], "the same points on the same bins train the same rounds");
        Assert.IsLessThan(1e-9, result.Figures["replay_max_auc_diff"], "and score the same validation AUC");
        Assert.IsLessThan(1e-9, result.Figures["shap_max_sum_error"], "the contributions add up to the raw score");
        Assert.IsLessThan(1e-9, result.Figures["score_max_abs_diff"], "the same trees on the same matrix give the same raw scores");
        Assert.AreEqual(NativeLightGbmStep.Target, result.Target);
        Assert.IsNotNull(result.Met);
        Assert.IsGreaterThanOrEqualTo(6, result.Notes.Count);
        Assert.IsTrue(result.Notes.Any(n => n.StartsWith("targets: fit per round ", StringComparison.Ordinal)), "each target's outcome");
        Console.WriteLine(log);
        Console.WriteLine(string.Join("\n", result.Figures.Select(f => $"{f.Key} = {f.Value:G6}")));
    }

    [TestMethod]
    public void SkipsWithItsReasonWhenPythonIsOff()
    {
        using var temp = new TempFolder();
        var settings = BenchRunnerTests.Quick(temp, 300, "lightgbm-native");

        var result = BenchRunner.Run(settings, TextWriter.Null).Single().Result;

        StringAssert.StartsWith(result.Skipped, "skipped: --no-python");
        Assert.AreEqual(NativeLightGbmStep.Target, result.Target);
    }

    [TestMethod]
    public void TheDriversAucAgreesWithOursOnTheSameScores()
    {
        var python = ExternalProcess.FindWorking(["/usr/bin/python3", "python3"], "-c", "import numpy");
        if (python is null) Assert.Inconclusive("python3 with numpy is not installed");
        using var temp = new TempFolder();
        var random = new Random(7);
        // Rounded scores: many ties, which both count as half.
        var scores = Enumerable.Range(0, 5000).Select(_ => Math.Round(random.NextDouble() * 40) / 10).ToArray();
        var labels = scores.Select(s => random.NextDouble() < 0.05 + s / 8).ToArray();
        NativeLightGbmStep.WriteDoubles(temp.File("scores.f64"), scores);
        NativeLightGbmStep.WriteLabels(temp.File("labels.f32"), labels);
        File.WriteAllText(temp.File("driver.py"), NativeLightGbmDriver.Script);

        var outcome = ExternalProcess.Run(python, [temp.File("driver.py"), "--auc", temp.File("scores.f64"), temp.File("labels.f32")]);

        Assert.AreEqual(0, outcome.ExitCode, outcome.Error);
        var native = System.Text.Json.JsonDocument.Parse(outcome.Output).RootElement.GetProperty("auc").GetDouble();
        Assert.AreEqual(RocAuc.Compute(scores, labels), native, 1e-12);
    }
}
