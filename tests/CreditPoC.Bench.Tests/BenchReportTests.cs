namespace CreditPoC.Bench.Tests;

[TestClass]
public sealed class BenchReportTests
{
    [TestMethod]
    public void BusyMeansOtherProcessesWhenTheyCanBeSampledAndTheLoadAverageOtherwise()
    {
        var settings = new BenchSettings { DataPath = "d.csv", SchemaPath = "s.yaml", OutputDirectory = "out", RepositoryRoot = "." };
        var report = new BenchReport(settings, new MachineInfo(2, 8, "cpu", "os", ".NET", "3.00 2.00 1.00"), DateTimeOffset.UtcNow);
        var result = new StepResult { Step = "load", Description = "load" };
        Assert.IsFalse(report.UnderLoad(new StepRecord(result, LoadAtStart: 3.0, OtherCoresAtStart: 0.1)),
            "a load average raised by the benchmark's own threads is not someone else's work");
        Assert.IsTrue(report.UnderLoad(new StepRecord(result, LoadAtStart: 0.2, OtherCoresAtStart: 0.8)));
        Assert.IsTrue(report.UnderLoad(new StepRecord(result, LoadAtStart: 3.0)));
        Assert.IsFalse(report.UnderLoad(new StepRecord(result, LoadAtStart: 0.5)));
    }
}
