using System.Globalization;
using CreditPoC.Data;
using CreditPoC.Loading;
using CreditPoC.Monitoring;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Monitoring;

/// <summary>
/// Both error rates of the drift check on generated data: planted drift (<c>data generate --drift-from</c>) is
/// flagged as ALERT on the drifted features; undrifted data over several seeds and days never reaches the alert
/// band. Reference: the first days' rows (with the true default probability as the score); batches: later days.
/// </summary>
[TestClass]
public sealed class PlantedDriftTests
{
    private const int Rows = 20_000, Days = 20, ReferenceDays = 6;
    private static readonly DateOnly Start = new(2021, 1, 1);
    private static readonly TableSchema Schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));
    private static readonly DriftThresholds Thresholds = MonitoringSettings.Load(Path.Combine(RepoRoot.Path, "parameters", "monitoring.yaml")).Drift;
    private static readonly string[] Exclude = ["SK_ID_CURR", "TARGET"];

    private string _dir = null!;

    [TestInitialize]
    public void Init() => _dir = Directory.CreateTempSubdirectory("creditpoc-drift").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private (DataFrame Data, double[] Truth) Generate(int seed, GenerationDrift? drift)
    {
        var path = Path.Combine(_dir, $"seed{seed}{(drift is null ? "" : "-drift")}.csv");
        HomeCreditGenerator.Generate(path, Rows, seed, overwrite: true, drift: drift);
        var truth = File.ReadLines(HomeCreditGenerator.TruthPathFor(path)).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        return (CsvTableLoader.Load(path, Schema, strict: false), truth);
    }

    /// <summary>The rows `data split` puts on day <paramref name="day"/>: rank r goes to floor(r * days / rows).</summary>
    private static (long From, long To) DayRows(int day) => (((long)day * Rows + Days - 1) / Days, ((long)(day + 1) * Rows + Days - 1) / Days);

    private static DataFrame Slice(DataFrame data, long from, long to) =>
        data.Filter(new PrimitiveDataFrameColumn<bool>("keep", Enumerable.Range(0, (int)data.Rows.Count).Select(i => i >= from && i < to)));

    private static TrainingReference Reference(DataFrame data, double[] truth)
    {
        var (_, to) = DayRows(ReferenceDays - 1);
        var features = Schema.Columns.Where(c => c.Availability == Availability.Application).Select(c => c.Name);
        return TrainingReference.Build(Slice(data, 0, to), features, truth[..(int)to], truth[..(int)to].Average());
    }

    [TestMethod]
    public void PlantedDriftIsFlaggedAsAlertOnTheDriftedFeaturesFromTheDriftDateOn()
    {
        var driftFrom = Start.AddDays(12);
        var (data, truth) = Generate(5, GenerationDrift.FromDate(driftFrom, Start, Days, Rows));
        var reference = Reference(data, truth);

        // Split as `data split` would: the day before the drift date has none of the new level, the drift date has it.
        DailySplitter.Split(new SplitOptions(Path.Combine(_dir, "seed5-drift.csv"), Path.Combine(_dir, "raw"), Start, Days, 5, false));
        var raw = new CreditPoC.Trial.DailyFiles(Path.Combine(_dir, "raw"));
        Assert.AreEqual(0, File.ReadLines(raw.ApplicationsOf(driftFrom.AddDays(-1))).Count(l => l.Contains("Platform economy")));
        Assert.IsGreaterThan(50, File.ReadLines(raw.ApplicationsOf(driftFrom)).Count(l => l.Contains("Platform economy")));

        var (from, to) = DayRows(12);
        var before = DayRows(11);
        var quiet = DriftMonitor.Compare("day 11", reference, [Slice(data, before.From, before.To)], truth[(int)before.From..(int)before.To], Thresholds, Exclude);
        var drifted = DriftMonitor.Compare("day 12", reference, [Slice(data, from, to)], truth[(int)from..(int)to], Thresholds, Exclude);

        Console.WriteLine($"day 12 (drifted): {string.Join(", ", drifted.ByPsi.Take(8).Select(f => $"{f.Feature} {f.Psi:0.000}"))}; score {drifted.Score?.Psi:0.000}");
        Console.WriteLine($"day 11 (before): largest {string.Join(", ", quiet.ByPsi.Take(3).Select(f => $"{f.Feature} {f.Psi:0.000}"))}");
        Assert.AreNotEqual(DriftStatus.ALERT, quiet.Status, string.Join(", ", quiet.ByPsi.Take(3).Select(f => $"{f.Feature} {f.Psi:0.000}")));
        Assert.AreEqual(DriftStatus.ALERT, drifted.Status);
        var byName = drifted.Features.Features.ToDictionary(f => f.Feature);
        foreach (var feature in new[] { "EXT_SOURCE_2", "EXT_SOURCE_3", "AMT_CREDIT", "AMT_ANNUITY" })
        {
            Assert.AreEqual(DriftStatus.ALERT, byName[feature].Status, $"{feature}: PSI {byName[feature].Psi:0.000}");
            Assert.IsLessThan(Thresholds.PValue, byName[feature].PValue, feature);
        }
        Assert.IsGreaterThanOrEqualTo(Thresholds.PsiWarn, byName["EXT_SOURCE_1"].Psi, "EXT_SOURCE_1 (mostly missing) moved too");
        Assert.AreNotEqual(DriftStatus.OK, byName["ORGANIZATION_TYPE"].Status);
        CollectionAssert.Contains(byName["ORGANIZATION_TYPE"].NewCategories.ToList(), "Platform economy");
        Assert.AreEqual(DriftStatus.ALERT, drifted.Score!.Status, $"score PSI {drifted.Score.Psi:0.000}: lower external scores mean riskier applicants");

        // Only the planted columns (and the columns computed from them) drift: nothing else reaches the alert band.
        var planted = new HashSet<string> { "EXT_SOURCE_1", "EXT_SOURCE_2", "EXT_SOURCE_3", "AMT_CREDIT", "AMT_ANNUITY", "ORGANIZATION_TYPE" };
        var others = drifted.Features.Features.Where(f => !planted.Contains(f.Feature) && f.Status == DriftStatus.ALERT).Select(f => f.Feature).ToList();
        Assert.IsEmpty(others, string.Join(", ", others));
    }

    [TestMethod]
    [TestCategory("Slow")]
    public void UndriftedDaysNeverReachTheAlertBandOverSeveralSeeds()
    {
        var worst = (Psi: 0.0, Where: "");
        var batches = 0;
        foreach (var seed in new[] { 11, 12, 13 })
        {
            var (data, truth) = Generate(seed, drift: null);
            var reference = Reference(data, truth);
            for (var day = ReferenceDays; day < Days; day++)
            {
                var (from, to) = DayRows(day);
                var drift = DriftMonitor.Compare($"seed {seed} day {day}", reference, [Slice(data, from, to)], truth[(int)from..(int)to], Thresholds, Exclude);
                batches++;
                foreach (var f in drift.Features.Features.Append(drift.Score!))
                {
                    Assert.AreNotEqual(DriftStatus.ALERT, f.Status, $"seed {seed} day {day}: {f.Feature} {string.Join("; ", f.Reasons)}");
                    if (f.Psi > worst.Psi) worst = (f.Psi, $"seed {seed} day {day} {f.Feature}");
                }
                Assert.AreNotEqual(DriftStatus.ALERT, drift.Status, $"seed {seed} day {day}: {drift.Features.DriftedShare:P0} drifted");
            }
        }
        Assert.AreEqual(3 * (Days - ReferenceDays), batches);
        Assert.IsLessThan(Thresholds.PsiAlert, worst.Psi, worst.Where);
        Console.WriteLine($"{batches} undrifted daily batches of {Rows / Days} rows: largest PSI {worst.Psi:0.000} ({worst.Where})");
    }
}
