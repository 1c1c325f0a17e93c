using System.Text.Json.Nodes;
using CreditPoC.Data;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Kernel.Tests;

/// <summary>
/// Every notebook under notebooks/ runs twice on small generated data: headless through <c>creditpoc run</c>, and
/// prepared with <c>creditpoc run --prepare-only</c> then executed by Debian's nbclient through the installed
/// kernel (as Papermill would). Both must finish without error outputs, the nbclient file must pass the nbformat
/// validator, and the outputs must match under the rules in <see cref="OutputComparison"/>. The trial notebooks run
/// in pipeline order, each side with its own run folder and store.
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class NotebookParityTests
{
    private static TempFolder _temp = null!;
    private static string _poc = null!;

    [ClassInitialize]
    public static void GenerateData(TestContext _)
    {
        JupyterClients.RequirePython();
        _temp = new TempFolder();
        _poc = _temp.File("application_train.csv");
        HomeCreditGenerator.Generate(_poc, rows: 3000, seed: 11, overwrite: true);
        var trial = _temp.File("trial.csv");
        HomeCreditGenerator.Generate(trial, 12_000, 3, overwrite: true);
        DailySplitter.Split(new SplitOptions(trial, _temp.File("raw"), new DateOnly(2021, 1, 1), 40, 10, Overwrite: true));
        // Small data overfits more than the shipped gate allows; these limits let the small model serve.
        File.WriteAllText(_temp.File("monitoring.yaml"), "gate:\n  max_train_test_gap: 0.5\n  max_latency_p99_milliseconds: 1000\n  max_flip_share: 0.2\nfairness:\n  min_approval_ratio: 0.0\n  max_tpr_difference: 1.0\n");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _temp?.Dispose();
    }

    [TestMethod]
    [DataRow("01_data_validation.ipynb", new string[0])]
    [DataRow("02_eda.ipynb", new string[0])]
    [DataRow("03_model_comparison.ipynb", new[] { "FOLDS", "3", "SAMPLE_ROWS", "0" })]
    [DataRow("04_lightgbm_tuning.ipynb", new[] { "FOLDS", "3", "SAMPLE_ROWS", "0", "N_TRIALS", "3" })]
    [DataRow("05_scorecard.ipynb", new[] { "FOLDS", "3", "SAMPLE_ROWS", "0" })]
    public void PocNotebookRunsTheSameThroughTheKernel(string notebook, string[] extra)
    {
        var name = Path.GetFileNameWithoutExtension(notebook);
        var headlessOut = _temp.File($"{name}-headless");
        var kernelOut = _temp.File($"{name}-kernel");
        // PARAMS_OUT is declared by 04 only; the others take it with a warning, as Papermill would.
        string[] Parameters(string output) =>
            ["-p", "DATA_PATH", _poc, "-p", "OUTPUT_DIR", output, "-p", "PARAMS_OUT", Path.Combine(output, "best.yaml"), .. Pairs(extra)];
        var input = RepoFile("notebooks", "poc", notebook);
        RunBothWays(input, name, Parameters(headlessOut), Parameters(kernelOut), [], new Dictionary<string, string>(), [(headlessOut, kernelOut)]);
    }

    [TestMethod]
    public void TrialNotebooksRunTheSameThroughTheKernelInPipelineOrder()
    {
        var sides = new[] { "headless", "kernel" }.ToDictionary(s => s, s => (Run: _temp.File($"run-{s}"), Store: Path.Combine(_temp.File($"store-{s}"), "creditpoc.db")));
        foreach (var side in sides.Values)
        {
            Directory.CreateDirectory(side.Run);
            Directory.CreateDirectory(Path.GetDirectoryName(side.Store)!);
        }
        string[] common = ["-p", "TARGET_DATE", "2021-01-31"];
        var steps = new (string Notebook, string[] Parameters)[]
        {
            ("accumulate", ["-p", "RAW_DIR", _temp.File("raw")]),
            ("feature_engineering", ["-p", "RAW_DIR", _temp.File("raw"), "-p", "DATA_TYPE", "train"]),
            ("learn", ["-p", "MONITORING_PATH", _temp.File("monitoring.yaml")]),
            ("feature_engineering", ["-p", "RAW_DIR", _temp.File("raw"), "-p", "DATA_TYPE", "test"]),
            ("inference", []),
            ("monitoring", ["-p", "RAW_DIR", _temp.File("raw"), "-p", "MONITORING_PATH", _temp.File("monitoring.yaml")]),
        };
        var folders = new List<(string, string)> { (sides["headless"].Run, sides["kernel"].Run), (Path.GetDirectoryName(sides["headless"].Store)!, Path.GetDirectoryName(sides["kernel"].Store)!) };
        for (var i = 0; i < steps.Length; i++)
        {
            var (notebook, parameters) = steps[i];
            var input = RepoFile("notebooks", "trial", notebook + ".ipynb");
            RunBothWays(input, $"{i + 1}-{notebook}", [.. common, .. parameters], [.. common, .. parameters],
                ["--run-dir", sides["headless"].Run, "--store", sides["headless"].Store],
                new Dictionary<string, string> { ["CREDITPOC_RUN_DIR"] = sides["kernel"].Run, ["CREDITPOC_STORE"] = sides["kernel"].Store },
                folders);
        }
    }

    /// <summary>Runs one notebook headless and through nbclient; asserts both finished cleanly and match.</summary>
    private static void RunBothWays(string input, string name, string[] headlessParameters, string[] kernelParameters,
        string[] headlessOptions, IReadOnlyDictionary<string, string> kernelEnvironment, IReadOnlyList<(string, string)> folders)
    {
        var headless = _temp.File($"{name}.headless.ipynb");
        var (code, output, error) = CliRunner.Run(["run", input, "-o", headless, "--no-html", .. headlessOptions, .. headlessParameters]);
        Assert.AreEqual(0, code, $"creditpoc run {name}: {output}\n{error}");

        var prepared = _temp.File($"{name}.prepared.ipynb");
        (code, output, error) = CliRunner.Run(["run", input, "-o", prepared, "--prepare-only", .. kernelParameters]);
        Assert.AreEqual(0, code, $"creditpoc run --prepare-only {name}: {output}\n{error}");
        Assert.IsFalse(JsonNode.Parse(File.ReadAllText(prepared))!["cells"]!.AsArray()
            .Any(c => c!["outputs"] is JsonArray outputs && outputs.Count > 0), "a prepared notebook has no outputs");

        var viaKernel = _temp.File($"{name}.nbclient.ipynb");
        var result = JupyterClients.Run("run_notebook.py", TimeSpan.FromMinutes(10), kernelEnvironment, prepared, viaKernel, Path.GetDirectoryName(input)!);
        Assert.AreEqual(JupyterClients.KernelName, (string?)result["kernel"]);
        Assert.IsNull((string?)result["error"], $"{name} through nbclient: {result["error"]}");
        Assert.IsNull((string?)result["invalid"], $"{name}: nbformat rejects the nbclient output: {result["invalid"]}");
        Assert.IsEmpty(OutputComparison.ErrorOutputs(viaKernel), name);
        Assert.IsEmpty(OutputComparison.ErrorOutputs(headless), name);
        var differences = OutputComparison.Differences(headless, viaKernel, folders);
        Assert.IsEmpty(differences, $"{name}: outputs differ\n{string.Join("\n", differences)}");
    }

    private static IEnumerable<string> Pairs(string[] nameValues)
    {
        for (var i = 0; i + 1 < nameValues.Length; i += 2)
        {
            yield return "-p";
            yield return nameValues[i];
            yield return nameValues[i + 1];
        }
    }

    private static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CreditPoC.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("CreditPoC.sln not found above " + AppContext.BaseDirectory);
    }
}
