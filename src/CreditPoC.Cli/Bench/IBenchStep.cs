namespace CreditPoC.Cli.Bench;

/// <summary>One measured step of <c>creditpoc bench</c>.</summary>
public interface IBenchStep
{
    /// <summary>The short name used by <c>--steps</c>.</summary>
    string Name { get; }

    /// <summary>What is measured, for the table.</summary>
    string Description { get; }

    StepResult Run(BenchContext context);
}

/// <summary>Every step, in the order they run (quick ones first, the long model searches last).</summary>
public static class BenchSteps
{
    public static IReadOnlyList<IBenchStep> All { get; } =
    [
        new Steps.GenerateStep(), new Steps.LoadStep(), new Steps.ValidateProfileStep(), new Steps.FeatureStep(),
        new Steps.TrainStep(), new Steps.BatchScoreStep(), new Steps.SingleScoreStep(), new Steps.NotebookStep(),
        new Steps.PipelineStep(), new Steps.CompareStep(), new Steps.TuneStep(),
    ];

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();
}
