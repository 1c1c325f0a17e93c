namespace CreditPoC.Bench;

/// <summary>
/// One measured step of <c>creditpoc bench</c>. A class that implements it is a step: <see cref="BenchSteps"/> finds
/// it, so adding a step is adding one file under Steps/.
/// </summary>
public interface IBenchStep
{
    /// <summary>The short name used by <c>--steps</c>.</summary>
    string Name { get; }

    /// <summary>What is measured, for the table.</summary>
    string Description { get; }

    /// <summary>Where the step runs among the others, lowest first: quick steps in the tens, the long model searches last (≥ 100).</summary>
    int Order { get; }

    StepResult Run(BenchContext context);
}
