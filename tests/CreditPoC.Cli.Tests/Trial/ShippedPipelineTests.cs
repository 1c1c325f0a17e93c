using CreditPoC.Notebooks.Pipelines;

namespace CreditPoC.Cli.Tests.Trial;

/// <summary>The shipped <c>parameters/pipeline.yaml</c> and trial notebooks: no run plumbing in sight of the analyst.</summary>
[TestClass]
public sealed class ShippedPipelineTests
{
    [TestMethod]
    public void TheShippedPipelineGivesEveryTaskTheDateFromItsDefaults()
    {
        var pipeline = PipelineDefinition.Load(RepoRoot.File("parameters", "pipeline.yaml"));
        Assert.HasCount(6, pipeline.Tasks);
        Assert.IsTrue(pipeline.Tasks.All(t => t.Parameters["TARGET_DATE"] == "{date}"));
        Assert.IsFalse(pipeline.Tasks.Any(t => t.Parameters.Keys.Any(k => k is "RUN_DIR" or "RUN_ID" or "TASK" or "STORE_PATH")),
            "the run plumbing reaches the notebooks from the engine, not as parameters");
    }

    [TestMethod]
    public void NoTrialNotebookDeclaresRunPlumbingParameters()
    {
        foreach (var notebook in Directory.GetFiles(RepoRoot.File("notebooks", "trial"), "*.ipynb"))
        {
            var declared = CreditPoC.Notebooks.Parameters.NotebookParameters.Inspect(CreditPoC.Notebooks.Ipynb.Notebook.Load(notebook)).Select(p => p.Name).ToList();
            CollectionAssert.DoesNotContain(declared, "RUN_DIR", notebook);
            CollectionAssert.DoesNotContain(declared, "STORE_PATH", notebook);
            CollectionAssert.DoesNotContain(declared, "RUN_ID", notebook);
            CollectionAssert.DoesNotContain(declared, "TASK", notebook);
            CollectionAssert.Contains(declared, "TARGET_DATE", notebook);
        }
    }
}
