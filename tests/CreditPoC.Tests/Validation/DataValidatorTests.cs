using CreditPoC.Loading;
using CreditPoC.Validation;

namespace CreditPoC.Tests.Validation;

[TestClass]
public sealed class DataValidatorTests
{
    private TestData _data = null!;
    private TableSchema _schema = null!;

    [TestInitialize]
    public void Init()
    {
        _data = new TestData();
        _schema = TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema);
    }

    [TestCleanup]
    public void Cleanup() => _data.Dispose();

    private ValidationReport Validate(string csv, TableSchema? schema = null, string? id = "SK_ID_CURR", string target = "TARGET", string positive = "1")
    {
        var path = _data.Write("data.csv", csv);
        var frame = CsvTableLoader.Load(path, schema, strict: false);
        return DataValidator.Validate(frame, new ValidationOptions(target, positive) { IdColumn = id, Schema = schema }, path);
    }

    [TestMethod]
    public void CleanHomeCreditLikeDataPasses()
    {
        var report = Validate(TestData.HomeCreditLike(3000), _schema);

        Assert.IsFalse(report.HasErrors, report.IssuesText());
        Assert.IsEmpty(report.LeakSuspects);
        Assert.AreEqual("0", report.Target!.NegativeLabel);
        Assert.AreEqual(0.08, report.Target.PositiveRate, 0.02);
        Assert.AreEqual("EXT_SOURCE_1", report.StrongestColumns[0].Column);
    }

    [TestMethod]
    public void PlantedLeakIsFlagged()
    {
        var report = Validate(TestData.HomeCreditLike(3000, leak: true), _schema);

        var suspect = report.LeakSuspects.Single();
        Assert.AreEqual("LEAK", suspect.Column);
        Assert.IsGreaterThan(0.95, suspect.Auc);
        Assert.AreEqual("LEAK", report.IssuesOf("leak_suspect").Single().Column);
        Assert.AreEqual(Severity.Warning, report.IssuesOf("extra_column").Single(i => i.Column == "LEAK").Severity);
    }

    [TestMethod]
    public void IssuesTextGivesEachIssueABlockThatWrapsInsteadOfAWideTable()
    {
        var report = Validate(TestData.HomeCreditLike(3000, leak: true), _schema);

        var text = report.IssuesText("extra_column", "leak_suspect");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual("WARNING  extra_column  LEAK  (1)", lines[0]);
        Assert.AreEqual(2, lines.Count(l => l.StartsWith("WARNING", StringComparison.Ordinal)), text);
        Assert.IsTrue(lines.Where(l => !l.StartsWith("WARNING", StringComparison.Ordinal)).All(l => l.StartsWith("    ", StringComparison.Ordinal)),
            "details are indented under their issue");
        StringAssert.Contains(text, report.IssuesOf("leak_suspect").Single().Message);
        Assert.AreEqual("No issues (duplicate_id).\n", report.IssuesText("duplicate_id"));
    }

    [TestMethod]
    public void ColumnFilledInOnlyForDefaultersIsFlaggedThroughItsMissingness()
    {
        var random = new Random(3);
        var lines = TestData.HomeCreditLike(2000).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var csv = lines[0] + ",DAYS_OVERDUE,COLLECTOR\n" + string.Concat(lines.Skip(1).Select(l =>
        {
            bool defaulted = l.Split(',')[1] == "1";
            return l + (defaulted ? $",{random.Next(1, 400)},agency{random.Next(3)}\n" : ",,\n");
        }));

        var report = Validate(csv, _schema);

        CollectionAssert.AreEquivalent(new[] { "DAYS_OVERDUE", "COLLECTOR" }, report.LeakSuspects.Select(s => s.Column).ToArray());
    }

    [TestMethod]
    public void TargetIsOutcomeAndOtherColumnsAreKnownAtApplication()
    {
        var report = Validate(TestData.HomeCreditLike(500), _schema);

        var target = report.Availability.Single(a => a.Column == "TARGET");
        Assert.AreEqual(Availability.Outcome, target.Availability);
        Assert.IsFalse(target.UsableAtScoring);
        Assert.IsTrue(report.Availability.Single(a => a.Column == "EXT_SOURCE_1").UsableAtScoring);
        Assert.IsEmpty(report.IssuesOf("not_available_at_scoring"));
    }

    [TestMethod]
    public void DecisionTimeColumnIsFlaggedAsNotAvailableAtScoring()
    {
        var schema = TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema.Replace(
            "  - name: AMT_CREDIT\n    type: float", "  - name: AMT_CREDIT\n    type: float\n    availability: decision"));

        var report = Validate(TestData.HomeCreditLike(500), schema);

        var issue = report.IssuesOf("not_available_at_scoring").Single();
        Assert.AreEqual("AMT_CREDIT", issue.Column);
        Assert.AreEqual(Severity.Warning, issue.Severity);
    }

    [TestMethod]
    public void DuplicateIdsAreErrorsWithRows()
    {
        var lines = TestData.HomeCreditLike(50).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Add(lines[3]); // row 3 again as data row 51
        var report = Validate(string.Join('\n', lines) + "\n", _schema);

        var issue = report.IssuesOf("duplicate_id").Single();
        Assert.AreEqual(Severity.Error, issue.Severity);
        Assert.AreEqual(1L, issue.Count);
        Assert.AreEqual(51L, issue.Examples[0].Row);
        StringAssert.Contains(issue.Examples[0].Value, "first at row 3");
        Assert.IsTrue(report.HasErrors);
    }

    [TestMethod]
    public void RepeatApplicantsAreFoundAsGroups()
    {
        var report = Validate(TestData.HomeCreditLike(2000, repeats: 25), _schema);

        var related = report.RelatedRecords;
        CollectionAssert.AreEqual(new[] { "DAYS_BIRTH", "CODE_GENDER", "DAYS_ID_PUBLISH" }, related.KeyColumns.ToArray());
        Assert.IsGreaterThanOrEqualTo(25L, related.Groups);
        Assert.IsLessThan(30L, related.Groups); // a handful of chance matches at most
        // Row 1976 (the first repeat) shares its group with row 1.
        Assert.AreEqual(related.GroupIds[0], related.GroupIds[1975]);
        Assert.AreNotEqual(related.GroupIds[0], related.GroupIds[1]);
        StringAssert.Contains(report.RelatedRecordsText(), "group-aware split");
        var first = related.Members.Single(g => g.Rows.Contains(1));
        CollectionAssert.AreEqual(new long[] { 1, 1976 }, first.Rows.ToArray());
        CollectionAssert.AreEqual(new[] { "100002", "101977" }, first.Ids!.ToArray());
        Assert.IsLessThan(5.0, related.ExpectedChancePairs); // 2,000 rows, a rare key
        Assert.IsGreaterThan(0.0, related.ExpectedChancePairs);
    }

    [TestMethod]
    public void RelatedRecordsAreSkippedWithANoteWhenTheKeyIsUnknown()
    {
        var report = Validate(TestData.GermanLike(300), id: "applicant_id", target: "class", positive: "bad");

        Assert.IsFalse(report.RelatedRecords.Checked);
        Assert.AreEqual(Severity.Info, report.IssuesOf("related_records").Single().Severity);
    }

    [TestMethod]
    public void WrongTypesOutOfRangeAndUnknownCategoriesAreReportedWithRows()
    {
        var (header, rows) = CsvRows.Read(_data.Write("source.csv", TestData.HomeCreditLike(40)));
        rows[4][10] = "lots";   // AMT_CREDIT not a number (data row 5)
        rows[6][4] = "-100";    // DAYS_BIRTH out of range (data row 7)
        rows[8][2] = "Q";       // CODE_GENDER unknown (data row 9)
        rows[10][6] = "-12.5";  // DAYS_ID_PUBLISH not whole (data row 11)
        // NAME_TYPE_SUITE may hold "Spouse, partner": quote it again.
        var csv = string.Concat(rows.Prepend(header).Select(r => string.Join(',', r.Select(f => f.Contains(',') ? $"\"{f}\"" : f)) + "\n"));

        var report = Validate(csv, _schema);

        var wrong = report.IssuesOf("wrong_type").Single(i => i.Column == "AMT_CREDIT");
        Assert.AreEqual(Severity.Error, wrong.Severity);
        Assert.AreEqual(new IssueExample(5, "lots"), wrong.Examples.Single());
        var fractional = report.IssuesOf("wrong_type").Single(i => i.Column == "DAYS_ID_PUBLISH");
        Assert.AreEqual(11L, fractional.Examples.Single().Row);
        var range = report.IssuesOf("out_of_range").Single(i => i.Column == "DAYS_BIRTH");
        Assert.AreEqual(Severity.Warning, range.Severity);
        Assert.AreEqual(new IssueExample(7, "-100"), range.Examples.Single());
        var category = report.IssuesOf("unknown_category").Single();
        Assert.AreEqual("CODE_GENDER", category.Column);
        Assert.AreEqual(new IssueExample(9, "Q"), category.Examples.Single());
        // The DAYS_EMPLOYED sentinel is a declared special value, not out of range.
        Assert.IsFalse(report.IssuesOf("out_of_range").Any(i => i.Column == "DAYS_EMPLOYED"));
    }

    [TestMethod]
    public void MissingSchemaColumnsAreErrors()
    {
        var schema = TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema + "\n  - name: OWN_CAR_AGE\n    type: float\n");

        var report = Validate(TestData.HomeCreditLike(100), schema);

        Assert.AreEqual("OWN_CAR_AGE", report.IssuesOf("missing_column").Single().Column);
        Assert.IsTrue(report.HasErrors);
        var error = Assert.ThrowsExactly<UserFacingException>(report.ThrowIfErrors);
        StringAssert.Contains(error.Message, "OWN_CAR_AGE");
    }

    [TestMethod]
    public void TheFailureMessageNamesTheFirstFiveErrorsAndCountsTheRest()
    {
        var extra = string.Concat(Enumerable.Range(1, 8).Select(i => $"\n  - name: ABSENT_{i}\n    type: float\n"));
        var report = Validate(TestData.HomeCreditLike(100), TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema + extra));

        var error = Assert.ThrowsExactly<UserFacingException>(report.ThrowIfErrors);

        StringAssert.Contains(error.Message, "found 8 error(s)");
        StringAssert.Contains(error.Message, "ABSENT_5");
        Assert.DoesNotContain("ABSENT_6", error.Message);
        StringAssert.Contains(error.Message, "and 3 more (all are listed in validation.json)");
    }

    [TestMethod]
    public void TargetWithOtherLabelsIsAnError()
    {
        var csv = TestData.HomeCreditLike(200).Replace("\n100010,0,", "\n100010,2,").Replace("\n100011,0,", "\n100011,unknown,");

        var report = Validate(csv);

        var issue = report.IssuesOf("target_labels").Single();
        Assert.AreEqual(Severity.Error, issue.Severity);
        StringAssert.Contains(issue.Message, "'2'");
        StringAssert.Contains(issue.Message, "'unknown'");
    }

    [TestMethod]
    public void SingleClassTargetAndMissingTargetColumnAreErrors()
    {
        var report = Validate("id,TARGET,x\n1,0,5\n2,0,6\n3,0,7\n", id: "id");
        Assert.AreEqual(Severity.Error, report.IssuesOf("target_single_class").Single().Severity);

        report = Validate("id,x\n1,5\n2,6\n", id: "id");
        Assert.AreEqual(Severity.Error, report.IssuesOf("missing_target").Single().Severity);
    }

    [TestMethod]
    public void AnyCreditTableValidatesGivenOnlyTargetIdAndPositiveLabel()
    {
        var report = Validate(TestData.GermanLike(600), id: "applicant_id", target: "class", positive: "bad");

        Assert.IsFalse(report.HasErrors, report.IssuesText());
        Assert.AreEqual("good", report.Target!.NegativeLabel);
        Assert.AreEqual("checking", report.StrongestColumns[0].Column);
        Assert.IsTrue(report.Availability.All(a => a.Column == "class" ? !a.UsableAtScoring : a.Column == "applicant_id" ? !a.UsableAtScoring : a.UsableAtScoring));
        Assert.IsEmpty(report.LeakSuspects);
    }

    [TestMethod]
    public void UniqueTextValuesDoNotLookLikeALeak()
    {
        // applicant_id is text and unique per row; not given as the id, it must not be flagged.
        var report = Validate(TestData.GermanLike(600), id: null, target: "class", positive: "bad");

        Assert.IsEmpty(report.LeakSuspects);
        Assert.IsLessThan(0.6, report.StrongestColumns.Single(s => s.Column == "applicant_id").Auc);
    }

    [TestMethod]
    public void ReportIsWrittenAsJson()
    {
        var report = Validate(TestData.HomeCreditLike(300, leak: true), _schema);
        var path = Path.Combine(_data.Folder, "out", "validation.json");

        report.WriteJson(path);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.IsTrue(root.GetProperty("passed").GetBoolean());
        Assert.AreEqual(300, root.GetProperty("rows").GetInt32());
        var issues = root.GetProperty("issues").EnumerateArray().ToList();
        Assert.IsTrue(issues.Any(i => i.GetProperty("rule").GetString() == "leak_suspect" && i.GetProperty("severity").GetString() == "warning"));
        var target = root.GetProperty("availability").EnumerateArray().Single(a => a.GetProperty("column").GetString() == "TARGET");
        Assert.AreEqual("outcome", target.GetProperty("availability").GetString());
        Assert.AreEqual("LEAK", root.GetProperty("leak_suspects")[0].GetProperty("column").GetString());
    }
}
