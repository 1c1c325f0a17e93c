namespace CreditPoC.Bench;

/// <summary>Every step in this assembly, in the order they run (quick ones first, the long model searches last).</summary>
public static class BenchSteps
{
    public static IReadOnlyList<IBenchStep> All { get; } = typeof(IBenchStep).Assembly.GetTypes()
        .Where(t => typeof(IBenchStep).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IBenchStep)Activator.CreateInstance(t)!)
        .OrderBy(s => s.Order)
        .ToList();

    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();
}
