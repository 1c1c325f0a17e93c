using CreditPoC.Notebooks.Execution;
using CreditPoC.Notebooks.Parameters;
using CreditPoC.Notebooks.Pipelines;
using static CreditPoC.Notebooks.Tests.TestSupport;

namespace CreditPoC.Notebooks.Tests.Hardening;

/// <summary>A parameter NAME from outside never becomes code: every way in refuses what is not a C# identifier.</summary>
[TestClass]
public sealed class ParameterNameInjectionTests
{
    private static string Hostile(string marker) => $"X=1; System.IO.File.WriteAllText(@\"{marker}\",\"x\"); var Y";

    [TestMethod]
    [DataRow("1abc")]
    [DataRow("class")]
    [DataRow("A B")]
    [DataRow("A-B")]
    [DataRow("")]
    [DataRow("X=1; var Y")]
    public void OnlyPlainIdentifiersAreNames(string name) => Assert.IsFalse(ParameterName.IsValid(name));

    [TestMethod]
    [DataRow("TARGET_DATE")]
    [DataRow("_x1")]
    [DataRow("Größe")]
    public void IdentifiersAreNames(string name) => Assert.IsTrue(ParameterName.IsValid(name));

    [TestMethod]
    public async Task AHostileNameGivenToRunIsRefusedBeforeAnyCellRuns()
    {
        var input = WriteNotebook("var ran = true;");
        var marker = Path.Combine(Path.GetDirectoryName(input)!, "pwned");
        var error = await Assert.ThrowsExactlyAsync<UserFacingException>(() => new NotebookRunner().RunAsync(new NotebookRunOptions
        {
            InputPath = input,
            OutputPath = Path.Combine(Path.GetDirectoryName(input)!, "out.ipynb"),
            Parameters = new Dictionary<string, string> { [Hostile(marker)] = "1" },
        }));
        StringAssert.Contains(error.Message, "is not a C# identifier");
        Assert.IsFalse(File.Exists(marker), "the injected statement ran");
    }

    [TestMethod]
    public void AHostileKeyInAParametersFileIsRefusedWithItsLine()
    {
        var file = Path.Combine(NewTempDirectory(), "params.yaml");
        File.WriteAllText(file, $"GOOD: 1\n'{Hostile("/tmp/x")}': 1\n");
        var error = Assert.ThrowsExactly<UserFacingException>(() => YamlParameters.LoadFile(file));
        StringAssert.Contains(error.Message, "line 2");
        StringAssert.Contains(error.Message, "is not a C# identifier");
    }

    [TestMethod]
    public void AHostileKeyInPipelineYamlIsAProblemOfTheFile()
    {
        var yaml = $"tasks:\n  - name: learn\n    notebook: notebooks/learn.ipynb\n    parameters:\n      '{Hostile("/tmp/x")}': 1\n";
        var error = Assert.ThrowsExactly<UserFacingException>(() => PipelineDefinition.Parse(yaml, Fixtures.Path("pipeline", "pipeline.yaml")));
        StringAssert.Contains(error.Message, "is not a C# identifier");
    }

    [TestMethod]
    public async Task AHostileNameGivenToAPipelineIsRefusedBeforeAnyRunFolderIsMade()
    {
        var runs = NewTempDirectory();
        var runner = new PipelineRunner(new NotebookRunner(), new PipelineRunnerOptions
        {
            RunsDirectory = runs,
            Parameters = new Dictionary<string, string> { [Hostile(Path.Combine(runs, "pwned"))] = "1" },
        });
        var pipeline = PipelineDefinition.Load(Fixtures.Path("pipeline", "pipeline.yaml"));
        await Assert.ThrowsExactlyAsync<UserFacingException>(() => runner.RunAsync(pipeline, new DateOnly(2021, 1, 1)));
        Assert.IsEmpty(Directory.GetFileSystemEntries(runs));
    }

    [TestMethod]
    public void TheTranslatorItselfNeverWritesAName()
    {
        Assert.ThrowsExactly<UserFacingException>(() =>
            CSharpParameterTranslator.Codify([new KeyValuePair<string, object>("A; B", 1)]));
    }
}
