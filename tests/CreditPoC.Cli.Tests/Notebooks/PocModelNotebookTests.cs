using System.Globalization;
using System.Text.Json.Nodes;
using CreditPoC.Data;
using CreditPoC.Modeling;

namespace CreditPoC.Cli.Tests.Notebooks;

/// <summary>
/// notebooks/poc/03 and 04 run headless through <c>creditpoc run</c>, in process, on a small generated table; every
/// path they write goes to a temp folder (never the repository's runs/ or parameters/).
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class PocModelNotebookTests
{
    private static TempFolder _temp = null!;
    private static string _data = null!;

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        _temp = new TempFolder();
        _data = _temp.File("application_train.csv");
        HomeCreditGenerator.Generate(_data, rows: 3000, seed: 11, overwrite: true);
    }

    [ClassCleanup]
    public static void Cleanup() => _temp.Dispose();

    private static string Notebook(string name) => RepoRoot.File("notebooks", "poc", name);

    /// <summary>Runs a notebook; returns the executed notebook's code cell outputs.</summary>
    private static List<JsonObject> Run(string notebook, string output, params string[] parameters)
    {
        var args = new List<string> { "run", Notebook(notebook), "-o", output, "-p", "DATA_PATH", _data, "-p", "FOLDS", "3", "-p", "SAMPLE_ROWS", "0" };
        args.AddRange(parameters);
        var (code, _, error) = CliRunner.Run([.. args]);
        Assert.AreEqual(0, code, error);
        Assert.IsTrue(File.Exists(Path.ChangeExtension(output, ".html")), "the run renders HTML beside the notebook");
        var executed = JsonNode.Parse(File.ReadAllText(output))!;
        var outputs = executed["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code")
            .SelectMany(c => c!["outputs"]!.AsArray().Select(o => o!.AsObject()))
            .ToList();
        var errors = outputs.Where(o => (string?)o["output_type"] == "error").Select(o => o.ToJsonString()).ToList();
        Assert.IsEmpty(errors, string.Join("\n", errors));
        return outputs;
    }

    private static int Charts(List<JsonObject> outputs) =>
        outputs.Count(o => (string?)o["output_type"] == "display_data" && o["data"]?["text/html"] is { } html &&
                           Text(html).Contains("Plotly.newPlot", StringComparison.Ordinal));

    private static string Text(JsonNode node) => node is JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)node ?? "";

    private static string AllText(List<JsonObject> outputs) =>
        string.Concat(outputs.Select(o => o["text"] is { } t ? Text(t) : o["data"]?["text/plain"] is { } p ? Text(p) : ""));

    [TestMethod]
    public void ModelComparisonWritesALeaderboardOfFiveModelsAndTheScorecardWithFiniteAucs()
    {
        var outDir = _temp.File("comparison");
        var outputs = Run("03_model_comparison.ipynb", Path.Combine(outDir, "03.ipynb"), "-p", "OUTPUT_DIR", outDir);

        var lines = File.ReadAllLines(Path.Combine(outDir, "leaderboard.csv"));
        var header = lines[0].Split(',');
        var auc = Array.IndexOf(header, "AUC");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.HasCount(6, rows);
        CollectionAssert.AreEquivalent(ModelCatalog.ComparableIds.ToArray(), rows.Select(r => r[0]).ToArray());
        var aucs = rows.Select(r => double.Parse(r[auc], CultureInfo.InvariantCulture)).ToList();
        foreach (var value in aucs) Assert.IsTrue(value is > 0.5 and <= 1, $"AUC {value}");
        CollectionAssert.AreEqual(aucs.OrderByDescending(a => a).ToList(), aucs, "sorted by AUC, best first");

        Assert.AreEqual(2, Charts(outputs), "the ROC curves and the gain importance");
        var text = AllText(outputs);
        StringAssert.Contains(text, "6 rows × 9 columns", "the leaderboard is displayed as a table");
        StringAssert.Contains(text, "wrote " + Path.Combine(outDir, "leaderboard.csv"));
    }

    [TestMethod]
    public void TuningWritesEveryTrialAndBestParametersTheLearnNotebookCanRead()
    {
        var outDir = _temp.File("tuning");
        var parameters = _temp.File("params/lightgbm.best.yaml");
        var outputs = Run("04_lightgbm_tuning.ipynb", Path.Combine(outDir, "04.ipynb"),
            "-p", "N_TRIALS", "4", "-p", "TIMEOUT_MINUTES", "5", "-p", "OUTPUT_DIR", outDir, "-p", "PARAMS_OUT", parameters);

        var trials = File.ReadAllLines(Path.Combine(outDir, "trials.csv"));
        Assert.HasCount(5, trials, "a header and 4 trials");
        var header = trials[0].Split(',');
        var validation = Array.IndexOf(header, "validation_auc");
        var aucs = trials.Skip(1).Select(l => double.Parse(l.Split(',')[validation], CultureInfo.InvariantCulture)).ToList();
        foreach (var value in aucs) Assert.IsTrue(value is > 0.5 and <= 1, $"trial AUC {value}");

        var best = LightGbmParameters.LoadYaml(parameters);
        Assert.AreNotEqual(LightGbmParameters.Default, best, "tuned parameters, not the defaults");
        StringAssert.Contains(File.ReadAllText(parameters), $"validation AUC {aucs.Max().ToString("F4", CultureInfo.InvariantCulture)}");

        Assert.AreEqual(5, Charts(outputs), "trial history, parameter importance, train/test ROC, gain and permutation importance");
        var text = AllText(outputs);
        foreach (var label in new[] { "[highest risk] SK_ID_CURR ", "[middle] SK_ID_CURR ", "[lowest risk] SK_ID_CURR " })
            StringAssert.Contains(text, label);
        StringAssert.Contains(text, "raises the risk");
        StringAssert.Contains(text, "test AUC ");
    }
}
