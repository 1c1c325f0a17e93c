using CreditPoC.Notebooks.Pipelines;

namespace CreditPoC.Notebooks.Tests.Pipelines;

[TestClass]
public sealed class PipelineDefinitionTests
{
    [TestMethod]
    public void TheFixturePipelineLoadsWithPathsRelativeToTheYamlFile()
    {
        var pipeline = PipelineDefinition.Load(Fixtures.Path("pipeline", "pipeline.yaml"));
        CollectionAssert.AreEqual(new[] { "accumulate", "feature_engineering_train", "feature_engineering_test", "learn", "inference" },
            pipeline.Tasks.Select(t => t.Name).ToArray());
        Assert.AreEqual(Fixtures.Path("pipeline", "notebooks", "learn.ipynb"), pipeline["learn"].Notebook);
        Assert.AreEqual("train", pipeline["feature_engineering_train"].Parameters["DATA_TYPE"]);
        Assert.AreEqual("{date}", pipeline["learn"].Parameters["TARGET_DATE"]);
        CollectionAssert.AreEqual(new[] { "learn", "feature_engineering_test" }, pipeline["inference"].DependsOn.ToArray());
        CollectionAssert.AreEquivalent(new[] { "feature_engineering_train", "learn", "inference" }, pipeline.WithDescendants("feature_engineering_train").ToArray());
    }

    [TestMethod]
    public void DefaultsGiveEveryTaskTheirParametersAndATaskKeepsItsOwn()
    {
        var yaml = """
            defaults:
              parameters: { TARGET_DATE: "{date}", RAW_DIR: ../data }
            tasks:
              - name: accumulate
                notebook: notebooks/accumulate.ipynb
              - name: learn
                notebook: notebooks/learn.ipynb
                parameters: { RAW_DIR: other, SEED: 7 }
            """;
        var pipeline = PipelineDefinition.Parse(yaml, Fixtures.Path("pipeline", "pipeline.yaml"));
        CollectionAssert.AreEquivalent(new Dictionary<string, string> { ["TARGET_DATE"] = "{date}", ["RAW_DIR"] = "../data" },
            pipeline["accumulate"].Parameters.ToDictionary());
        CollectionAssert.AreEquivalent(new Dictionary<string, string> { ["TARGET_DATE"] = "{date}", ["RAW_DIR"] = "other", ["SEED"] = "7" },
            pipeline["learn"].Parameters.ToDictionary());
    }

    [TestMethod]
    public void AnUnknownKeyInDefaultsIsAnError()
    {
        var yaml = "defaults:\n  parameter: { A: 1 }\ntasks:\n  - name: learn\n    notebook: notebooks/learn.ipynb\n";
        var error = Assert.ThrowsExactly<UserFacingException>(() => PipelineDefinition.Parse(yaml, Fixtures.Path("pipeline", "pipeline.yaml")));
        StringAssert.Contains(error.Message, "unknown key 'parameter' in defaults; expected parameters");
    }

    [TestMethod]
    public void RootKeyMovesTheBaseOfNotebookPaths()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("parameters"));
        Directory.CreateDirectory(temp.File("notebooks"));
        File.Copy(Fixtures.Path("pipeline", "notebooks", "learn.ipynb"), temp.File("notebooks/learn.ipynb"));
        var pipeline = PipelineDefinition.Parse("root: ..\ntasks:\n  - name: learn\n    notebook: notebooks/learn.ipynb\n", temp.File("parameters/pipeline.yaml"));
        Assert.AreEqual(temp.File("notebooks/learn.ipynb"), pipeline["learn"].Notebook);
    }

    [TestMethod]
    public void EveryProblemIsReportedAtOnceNamingTheTask()
    {
        var yaml = """
            tasks:
              - name: accumulate
                notebook: notebooks/accumulate.ipynb
                depends-on: [nothing]
              - name: learn
                notebook: notebooks/missing.ipynb
                depends_on: [acumulate]
              - name: learn
                notebook: notebooks/learn.ipynb
            """;
        var error = Assert.ThrowsExactly<UserFacingException>(() => PipelineDefinition.Parse(yaml, Fixtures.Path("pipeline", "bad.yaml")));
        StringAssert.Contains(error.Message, "bad.yaml is not a valid pipeline");
        StringAssert.Contains(error.Message, "task 'accumulate' (line 2): unknown key 'depends-on'");
        StringAssert.Contains(error.Message, "task 'learn' (line 5): notebook notebooks/missing.ipynb not found");
        StringAssert.Contains(error.Message, "task 'learn' depends on 'acumulate', which is not a task");
        StringAssert.Contains(error.Message, "task name 'learn' is used 2 times");
    }

    [TestMethod]
    public void ACycleIsAnErrorThatShowsTheCycle()
    {
        var yaml = """
            tasks:
              - { name: a, notebook: notebooks/learn.ipynb, depends_on: [c] }
              - { name: b, notebook: notebooks/learn.ipynb, depends_on: [a] }
              - { name: c, notebook: notebooks/learn.ipynb, depends_on: [b] }
              - { name: d, notebook: notebooks/learn.ipynb }
            """;
        var error = Assert.ThrowsExactly<UserFacingException>(() => PipelineDefinition.Parse(yaml, Fixtures.Path("pipeline", "cycle.yaml")));
        StringAssert.Contains(error.Message, "cycle: a -> c -> b -> a");
    }

    [TestMethod]
    public void MalformedYamlNamesTheFileAndLine()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => PipelineDefinition.Parse("tasks:\n  - name: a\n   notebook: [x\n", Fixtures.Path("pipeline", "broken.yaml")));
        StringAssert.Contains(error.Message, "broken.yaml, line");
        StringAssert.Contains(error.Message, "not valid YAML");
        error = Assert.ThrowsExactly<UserFacingException>(() => PipelineDefinition.Parse("steps: []\n", Fixtures.Path("pipeline", "empty.yaml")));
        StringAssert.Contains(error.Message, "expected a non-empty 'tasks' list");
    }

    [TestMethod]
    public void UnknownTaskNamesListTheTasks()
    {
        var pipeline = PipelineDefinition.Load(Fixtures.Path("pipeline", "pipeline.yaml"));
        var error = Assert.ThrowsExactly<UserFacingException>(() => PipelineRunner.Select(pipeline, new PipelineSelection { Only = "lern" }));
        StringAssert.Contains(error.Message, "no task 'lern'; its tasks are: accumulate, feature_engineering_train");
    }
}
