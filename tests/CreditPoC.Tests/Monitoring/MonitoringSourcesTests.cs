using CreditPoC.Monitoring;
using CreditPoC.Trial;

namespace CreditPoC.Tests.Monitoring;

/// <summary>Served predictions from the dated run folders, joined with the outcomes that arrived and the applicants' groups.</summary>
[TestClass]
public sealed class MonitoringSourcesTests
{
    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-sources").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private void Prepare()
    {
        Write("raw/applications/2021-01-04.csv", "SK_ID_CURR,CODE_GENDER,AMT_CREDIT,DAYS_BIRTH\n1,F,100,-8000\n2,M,200,-20000\n3,F,300,-8100\n4,M,400,-12000\n");
        Write("raw/applications/2021-01-12.csv", "SK_ID_CURR,CODE_GENDER,AMT_CREDIT,DAYS_BIRTH\n5,F,100,-9000\n6,M,100,\n");
        Write("raw/outcomes/2021-01-20.csv", "SK_ID_CURR,TARGET\n1,0\n2,1\n3,0\n4,1\n");
        Write("raw/outcomes/2021-02-01.csv", "SK_ID_CURR,TARGET\n5,1\n6,0\n"); // arrives after the monitored date
        // Two runs on 2021-01-04: the newer one (by run id) is the day's.
        Write("runs/2021-01-04/20210104T060000Z-aaaa/predictions.csv", "SK_ID_CURR,score,decision,rules,reasons,flags\n1,0.9,reject,,,\n2,0.9,reject,,,\n3,0.9,reject,,,\n4,0.9,reject,,,\n");
        Write("runs/2021-01-04/20210104T070000Z-bbbb/predictions.csv",
            "SK_ID_CURR,score,decision,rules,reasons,flags\n1,0.05,approve,,\"EXT_SOURCE_3 high, AMT_CREDIT low\",\n2,0.6,reject,,,\n3,0.2,review,,,\n4,0.4,approve,,,\n");
        Write("runs/2021-01-04/20210104T080000Z-cccc/learn.html", "a later run without predictions");
        Write("runs/2021-01-12/20210112T060000Z-dddd/predictions.csv", "SK_ID_CURR,score,decision,rules,reasons,flags\n5,0.1,approve,,,\n6,0.3,review,,,\n");
        Write("runs/2021-02-02/20210202T060000Z-eeee/predictions.csv", "SK_ID_CURR,score,decision,rules,reasons,flags\n7,0.1,approve,,,\n");
    }

    [TestMethod]
    public void ServedPredictionsJoinOutcomesThatArrivedAndTheApplicantsGroups()
    {
        Prepare();
        var served = MonitoringSources.Served(Path.Combine(_dir, "runs"), new DailyFiles(Path.Combine(_dir, "raw")), new DateOnly(2021, 1, 25));

        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4", "5", "6" }, served.Select(p => p.Id).ToList(), "the day after the date is left out");
        CollectionAssert.AreEqual(new[] { 0.05, 0.6, 0.2, 0.4, 0.1, 0.3 }, served.Select(p => p.Score).ToList(), "the newest run of a day wins");
        CollectionAssert.AreEqual(new bool?[] { false, true, false, true, null, null }, served.Select(p => p.Defaulted).ToList());
        CollectionAssert.AreEqual(new[] { "F", "M", "F", "M", "F", "M" }, served.Select(p => p.Gender).ToList());
        Assert.IsNull(served[5].DaysBirth);
        Assert.AreEqual(-20000.0, served[1].DaysBirth);

        var weeks = PerformanceOverTime.ByWeek(served.Select(p => p.Date).ToList(), served.Select(p => p.Score).ToList(),
            served.Select(p => p.Decision).ToList(), served.Select(p => p.Defaulted).ToList());
        Assert.HasCount(2, weeks);
        Assert.AreEqual((new DateOnly(2021, 1, 4), 4, 4), (weeks[0].WeekStart, weeks[0].Applications, weeks[0].Matured));
        Assert.AreEqual(1.0, weeks[0].Auc);            // defaulters 0.6 and 0.4 above repayers 0.05 and 0.2
        Assert.AreEqual(0.5, weeks[0].DefaultRate);
        Assert.AreEqual(0.5, weeks[0].ApprovalAccuracy); // approved 1 (repaid) and 4 (defaulted)
        Assert.AreEqual((new DateOnly(2021, 1, 11), 0), (weeks[1].WeekStart, weeks[1].Matured));
        Assert.IsNull(weeks[1].Auc);

        // With the current run's predictions outside the runs folder, they win for their date.
        var current = Write("elsewhere/predictions.csv", "SK_ID_CURR,score,decision,rules,reasons,flags\n5,0.7,reject,,,\n");
        var withCurrent = MonitoringSources.Served(Path.Combine(_dir, "runs"), new DailyFiles(Path.Combine(_dir, "raw")), new DateOnly(2021, 1, 25),
            new Dictionary<DateOnly, string> { [new DateOnly(2021, 1, 12)] = current });
        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4", "5" }, withCurrent.Select(p => p.Id).ToList());
        Assert.AreEqual(0.7, withCurrent[^1].Score);
    }

    [TestMethod]
    public void FairnessOnMaturedPredictionsIsByGenderAndAgeBand()
    {
        Prepare();
        var served = MonitoringSources.Served(Path.Combine(_dir, "runs"), new DailyFiles(Path.Combine(_dir, "raw")), new DateOnly(2021, 1, 25));
        var matured = served.Where(p => p.Defaulted is not null).ToList();
        var table = MonitoringReport.FairnessOf(matured, new FairnessLimits { MinGroupSize = 1 });

        CollectionAssert.AreEqual(new[] { "CODE_GENDER F", "CODE_GENDER M", "age band 25-34", "age band 45-54", "age band <25" },
            table.Select(g => $"{g.Attribute} {g.Group}").ToList());
        var women = table[0];
        var men = table[1];
        Assert.AreEqual((2, 0.5, 0.5), (women.Count, women.ApprovalRate, women.ReviewShare));
        Assert.AreEqual((2, 0.5, 0.0), (men.Count, men.ApprovalRate, men.ReviewShare));
        Assert.IsNull(women.TruePositiveRate, "no woman defaulted");
        Assert.AreEqual(0.5, men.TruePositiveRate); // of the two defaulters one was rejected
        Assert.IsNull(men.Auc, "both men defaulted: no AUC within one class");
        Assert.IsFalse(men.Flagged);
        Assert.IsEmpty(MonitoringReport.FairnessOf([], new FairnessLimits()));
    }

    [TestMethod]
    public void TheReferenceIsTheServingModelsWhenRegisteredElseTheRunsOwn()
    {
        var runDir = Path.Combine(_dir, "runs", "2021-01-20", "r1");
        var store = Path.Combine(_dir, "runs", "creditpoc.db");
        Assert.AreEqual(Path.Combine(runDir, "model", "reference.json"), MonitoringReport.ReferencePathFor(runDir, store));

        var served = Write("runs/2021-01-10/r0/model/model.zip", "zip");
        Write("runs/2021-01-10/r0/model/reference.json", "{}");
        new CreditPoC.Tracking.ModelRegistry(store).Register(served, new Dictionary<string, double>());
        Assert.AreEqual(Path.Combine(Path.GetDirectoryName(served)!, "reference.json"), MonitoringReport.ReferencePathFor(runDir, store));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
