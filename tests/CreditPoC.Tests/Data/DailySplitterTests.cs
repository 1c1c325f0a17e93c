using System.Globalization;
using CreditPoC.Data;

namespace CreditPoC.Tests.Data;

[TestClass]
public sealed class DailySplitterTests
{
    private const int Rows = 5000;
    private static readonly DateOnly Start = new(2021, 1, 1);
    private static string _dir = null!;
    private static string _input = null!;

    [ClassInitialize]
    public static void GenerateOnce(TestContext context)
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-split").FullName;
        _input = Path.Combine(_dir, "application_train.csv");
        HomeCreditGenerator.Generate(_input, Rows, seed: 5, overwrite: false);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static string NewFolder() => Directory.CreateDirectory(Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N"))).FullName;

    private static SplitOptions Options(string output, string? input = null, int days = 30, int delay = 10, bool force = false) =>
        new(input ?? _input, output, Start, days, delay, force);

    private static Dictionary<long, int> ReadInputTargets(string path) =>
        CsvRows.Read(path).Rows.ToDictionary(f => long.Parse(f[0]), f => int.Parse(f[1]));

    [TestMethod]
    public void EveryApplicationLandsOnExactlyOneDayWithoutTarget()
    {
        var output = NewFolder();
        var summary = DailySplitter.Split(Options(output));
        Assert.AreEqual(Rows, summary.Applications);

        var files = Directory.GetFiles(Path.Combine(output, "applications")).Order(StringComparer.Ordinal).ToArray();
        Assert.HasCount(30, files);
        Assert.AreEqual("2021-01-01.csv", Path.GetFileName(files[0]));
        Assert.AreEqual("2021-01-30.csv", Path.GetFileName(files[^1]));

        var expectedHeader = HomeCreditColumns.Names.Where(n => n != "TARGET").ToArray();
        var inputRows = CsvRows.Read(_input).Rows.ToDictionary(f => long.Parse(f[0]));
        var seen = new HashSet<long>();
        var previousMax = long.MinValue;
        foreach (var file in files)
        {
            var (header, rows) = CsvRows.Read(file);
            CollectionAssert.AreEqual(expectedHeader, header, file);
            var ids = new List<long>();
            foreach (var fields in rows)
            {
                Assert.HasCount(121, fields);
                var id = long.Parse(fields[0]);
                Assert.IsTrue(seen.Add(id), $"{id} appears on two days");
                CollectionAssert.AreEqual(inputRows[id].Where((_, i) => i != 1).ToArray(), fields, $"row {id} is the input row minus TARGET");
                ids.Add(id);
            }
            Assert.IsNotEmpty(ids, file);
            Assert.IsGreaterThan(previousMax, ids.Min(), "a later day never holds an earlier SK_ID_CURR");
            previousMax = ids.Max();
        }
        Assert.HasCount(Rows, seen);
        // Days are equal slices by rank: floor(rank * days / n).
        Assert.AreEqual(Rows / 30, File.ReadAllLines(files[0]).Length - 1, 1);
    }

    [TestMethod]
    public void EachDayFileIsTheInputLinesOfThatDayLessTheirTargetByteForByte()
    {
        // What the line-by-line split wrote before it read RFC 4180 records: each input line less ",TARGET" (the
        // generator writes SK_ID_CURR,TARGET first and no line break inside a field), in input order, "\n" after each.
        var output = NewFolder();
        DailySplitter.Split(Options(output, days: 30));
        var lines = File.ReadAllLines(_input);
        string LessTarget(string line) => line[..line.IndexOf(',')] + line[line.IndexOf(',', line.IndexOf(',') + 1)..];
        var ids = lines.Skip(1).Select(l => long.Parse(l[..l.IndexOf(',')])).ToArray();
        var rank = ids.Select((id, i) => (id, i)).OrderBy(x => x.id).Select((x, r) => (x.i, r)).ToDictionary(x => x.i, x => x.r);
        for (var day = 0; day < 30; day++)
        {
            var expected = LessTarget(lines[0]) + "\n" + string.Concat(
                Enumerable.Range(0, ids.Length).Where(i => (long)rank[i] * 30 / ids.Length == day).Select(i => LessTarget(lines[i + 1]) + "\n"));
            var file = Path.Combine(output, "applications", DailySplitter.FileNameFor(Start.AddDays(day)));
            CollectionAssert.AreEqual(System.Text.Encoding.UTF8.GetBytes(expected), File.ReadAllBytes(file), file);
        }
    }

    [TestMethod]
    public void AQuotedFieldWithALineBreakStaysInItsRowAndACrlfFileSplitsAlike()
    {
        var input = Path.Combine(_dir, "multiline.csv");
        File.WriteAllText(input, "\uFEFFSK_ID_CURR,TARGET,NOTE,AMT\r\n100002,1,\"first line\r\nsecond, \"\"quoted\"\"\",10\r\n100003,0,plain,20\r\n\r\n100004,0,\"x\ny\",30\r\n");
        var output = NewFolder();

        var summary = DailySplitter.Split(Options(output, input, days: 3, delay: 0));

        Assert.AreEqual(3, summary.Applications);
        string Day(int d) => File.ReadAllText(Path.Combine(output, "applications", DailySplitter.FileNameFor(Start.AddDays(d))));
        Assert.AreEqual("SK_ID_CURR,NOTE,AMT\n100002,\"first line\r\nsecond, \"\"quoted\"\"\",10\n", Day(0));
        Assert.AreEqual("SK_ID_CURR,NOTE,AMT\n100003,plain,20\n", Day(1));
        Assert.AreEqual("SK_ID_CURR,NOTE,AMT\n100004,\"x\ny\",30\n", Day(2));
        Assert.AreEqual("first line\r\nsecond, \"quoted\"", CsvRows.Read(Path.Combine(output, "applications", "2021-01-01.csv")).Rows[0][1]);
        var outcomes = File.ReadAllText(Path.Combine(output, "outcomes", "2021-01-01.csv"));
        Assert.AreEqual("SK_ID_CURR,TARGET\n100002,1\n", outcomes);
    }

    [TestMethod]
    public void ARaggedRowOrADuplicateColumnNameIsAClearError()
    {
        var ragged = Path.Combine(_dir, "ragged.csv");
        File.WriteAllText(ragged, "SK_ID_CURR,TARGET,NOTE,AMT\n100002,1,\"a\nb\",10\n100003,0,c\n");
        var output = NewFolder();
        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(output, ragged)));
        StringAssert.Contains(error.Message, ragged);
        StringAssert.Contains(error.Message, "line 4 (data row 2)");
        StringAssert.Contains(error.Message, "expected 4 fields as in the header, found 3");
        Assert.IsEmpty(Directory.GetFileSystemEntries(output), "a failed split leaves nothing behind");

        var longer = Path.Combine(_dir, "longer.csv");
        File.WriteAllText(longer, "SK_ID_CURR,TARGET\n100002,1,extra,more\n");
        error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(NewFolder(), longer)));
        StringAssert.Contains(error.Message, "line 2 (data row 1): expected 2 fields as in the header, found 4");

        var twice = Path.Combine(_dir, "twice.csv");
        File.WriteAllText(twice, "SK_ID_CURR,TARGET,AMT, AMT\n100002,1,1,2\n");
        error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(NewFolder(), twice)));
        StringAssert.Contains(error.Message, $"data file {twice}: the header names the column AMT twice");
    }

    [TestMethod]
    public void OutcomesArriveExactlyTheDelayAfterTheirApplication()
    {
        var output = NewFolder();
        var summary = DailySplitter.Split(Options(output, days: 30, delay: 10));
        var dayOfApplication = new Dictionary<long, int>();
        foreach (var file in Directory.GetFiles(Path.Combine(output, "applications")))
        {
            var day = DateOnly.ParseExact(Path.GetFileNameWithoutExtension(file), "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - Start.DayNumber;
            foreach (var line in File.ReadLines(file).Skip(1)) dayOfApplication[long.Parse(line[..line.IndexOf(',')])] = day;
        }
        var targets = ReadInputTargets(_input);
        var outcomeFiles = Directory.GetFiles(Path.Combine(output, "outcomes"));
        Assert.HasCount(30, outcomeFiles);
        var reported = new HashSet<long>();
        foreach (var file in outcomeFiles)
        {
            var day = DateOnly.ParseExact(Path.GetFileNameWithoutExtension(file), "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber - Start.DayNumber;
            var lines = File.ReadAllLines(file);
            Assert.AreEqual("SK_ID_CURR,TARGET", lines[0]);
            if (day < 10) Assert.HasCount(1, lines, "no outcome is known before the first delay has passed");
            foreach (var line in lines.Skip(1))
            {
                var parts = line.Split(',');
                var id = long.Parse(parts[0]);
                Assert.AreEqual(day, dayOfApplication[id] + 10, $"outcome of {id}");
                Assert.AreEqual(targets[id], int.Parse(parts[1]));
                Assert.IsTrue(reported.Add(id));
            }
        }
        Assert.HasCount(summary.OutcomesWritten, reported);
        Assert.AreEqual(Rows, summary.OutcomesWritten + summary.OutcomesBeyondHorizon);
        // Those not written are exactly the applications whose outcome date falls after the last day.
        Assert.AreEqual(dayOfApplication.Count(p => p.Value + 10 >= 30), summary.OutcomesBeyondHorizon);
    }

    [TestMethod]
    public void DaysFollowIdRankEvenWhenTheFileIsNotSorted()
    {
        var lines = File.ReadAllLines(_input);
        var shuffled = Path.Combine(_dir, "shuffled.csv");
        File.WriteAllLines(shuffled, lines.Take(1).Concat(lines.Skip(1).Reverse()));
        var sorted = NewFolder();
        var reversed = NewFolder();
        DailySplitter.Split(Options(sorted, days: 7));
        DailySplitter.Split(Options(reversed, input: shuffled, days: 7));
        foreach (var file in Directory.GetFiles(Path.Combine(sorted, "applications")))
        {
            var other = Path.Combine(reversed, "applications", Path.GetFileName(file));
            CollectionAssert.AreEquivalent(File.ReadAllLines(file), File.ReadAllLines(other));
        }
    }

    [TestMethod]
    public void ManyDaysAreWrittenInSeveralPasses()
    {
        var output = NewFolder();
        var summary = DailySplitter.Split(Options(output, days: 450, delay: 400));
        var files = Directory.GetFiles(Path.Combine(output, "applications"));
        Assert.HasCount(450, files);
        Assert.AreEqual(Rows, files.Sum(f => File.ReadLines(f).Count() - 1));
        Assert.AreEqual(Rows, summary.OutcomesWritten + summary.OutcomesBeyondHorizon);
        Assert.AreEqual(summary.OutcomesWritten, Directory.GetFiles(Path.Combine(output, "outcomes")).Sum(f => File.ReadLines(f).Count() - 1));
    }

    [TestMethod]
    public void MissingIdOrTargetColumnIsNamed()
    {
        var noTarget = Path.Combine(_dir, "no-target.csv");
        File.WriteAllLines(noTarget, ["SK_ID_CURR,AMT_CREDIT", "100002,1.0"]);
        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(NewFolder(), noTarget)));
        StringAssert.Contains(error.Message, "no TARGET column");

        var noId = Path.Combine(_dir, "no-id.csv");
        File.WriteAllLines(noId, ["ID,TARGET", "100002,1"]);
        error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(NewFolder(), noId)));
        StringAssert.Contains(error.Message, "no SK_ID_CURR column");
        Assert.DoesNotContain("TARGET", error.Message);
    }

    [TestMethod]
    public void BadTargetIsNamedWithItsLineAndNothingIsWritten()
    {
        var bad = Path.Combine(_dir, "bad-target.csv");
        File.WriteAllLines(bad, ["SK_ID_CURR,TARGET,X", "100002,0,a", "100003,1,b", "100004,yes,c"]);
        var output = NewFolder();
        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(output, bad)));
        StringAssert.Contains(error.Message, "line 4");
        StringAssert.Contains(error.Message, "'yes'");
        Assert.IsEmpty(Directory.GetFileSystemEntries(output), "a failed split leaves nothing behind");

        var duplicate = Path.Combine(_dir, "duplicate.csv");
        File.WriteAllLines(duplicate, ["SK_ID_CURR,TARGET", "100002,0", "100002,1"]);
        error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(output, duplicate)));
        StringAssert.Contains(error.Message, "100002 appears more than once");
    }

    [TestMethod]
    public void BadDaysAndDelayAreRejected()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(NewFolder(), days: -3)));
        StringAssert.Contains(error.Message, "--days");
        error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(NewFolder(), delay: -1)));
        StringAssert.Contains(error.Message, "--outcome-delay-days");
    }

    [TestMethod]
    public void ExistingOutputIsReplacedOnlyWithForce()
    {
        var output = NewFolder();
        DailySplitter.Split(Options(output, days: 10));
        var error = Assert.ThrowsExactly<UserFacingException>(() => DailySplitter.Split(Options(output, days: 5)));
        StringAssert.Contains(error.Message, "--force");
        Assert.HasCount(10, Directory.GetFiles(Path.Combine(output, "applications")));

        DailySplitter.Split(Options(output, days: 5, force: true));
        Assert.HasCount(5, Directory.GetFiles(Path.Combine(output, "applications")), "old days are gone, not mixed in");
        Assert.HasCount(5, Directory.GetFiles(Path.Combine(output, "outcomes")));
        CollectionAssert.AreEquivalent(new[] { "applications", "outcomes" }, Directory.GetFileSystemEntries(output).Select(Path.GetFileName).ToArray());
    }
}
