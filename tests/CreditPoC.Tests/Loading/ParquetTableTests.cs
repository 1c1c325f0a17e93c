using CreditPoC.Loading;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Loading;

/// <summary>Parquet files: the same types as CSV, the schema's types enforced, and bad files refused with the file named.</summary>
[TestClass]
public sealed class ParquetTableTests
{
    private TestData _data = null!;

    [TestInitialize]
    public void Init() => _data = new TestData();

    [TestCleanup]
    public void Cleanup() => _data.Dispose();

    private string PathOf(string name) => Path.Combine(_data.Folder, name);

    private static DataFrame Sample() => new(
        new Int64DataFrameColumn("id", [1L, 2L, null, 4L]),
        new DoubleDataFrameColumn("amount", [0.5, null, 2.25, -1e300]),
        new StringDataFrameColumn("suite", ["Spouse, partner", null, "said \"hi\"", "two\nlines"]));

    [TestMethod]
    public void WhatIsWrittenLoadsBackWithTheSameTypesValuesAndMissingCells()
    {
        var path = PathOf("t.parquet");
        TableFile.Write(Sample(), path);

        var back = TableFile.Load(path);

        Assert.IsInstanceOfType<Int64DataFrameColumn>(back.Columns["id"]);
        Assert.IsInstanceOfType<DoubleDataFrameColumn>(back.Columns["amount"]);
        Assert.IsInstanceOfType<StringDataFrameColumn>(back.Columns["suite"]);
        CollectionAssert.AreEqual(new object?[] { 1L, 2L, null, 4L }, back.Columns["id"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { 0.5, null, 2.25, -1e300 }, back.Columns["amount"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { "Spouse, partner", null, "said \"hi\"", "two\nlines" }, back.Columns["suite"].Cast<object?>().ToArray());
        Assert.AreEqual(1L, back.Columns["id"].NullCount);
        Assert.AreEqual(1L, back.Columns["amount"].NullCount);
    }

    [TestMethod]
    public void EveryCsvEntryPointTakesParquetByItsExtension()
    {
        var path = PathOf("DATA.PARQUET");
        CsvTableWriter.Write(Sample(), path); // the extension wins: Parquet, not CSV text

        var loaded = CsvTableLoader.Load(path, allowNoRows: false);

        Assert.AreEqual(4L, loaded.Rows.Count);
        CollectionAssert.AreEqual(new[] { "id", "amount", "suite" }, TableFile.ColumnNames(path).ToArray());
        CollectionAssert.AreEqual(new[] { "PAR1" }, new[] { System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path)[..4]) });
    }

    [TestMethod]
    public void SchemaTypesWinWhereTheFileAgrees()
    {
        // A pandas-style file: an integer column with a gap stored as whole doubles, a float column stored as int64.
        var path = PathOf("pandas.parquet");
        TableFile.Write(new DataFrame(
            new DoubleDataFrameColumn("SK_ID_CURR", [100002.0, 100003.0, 100004.0]),
            new DoubleDataFrameColumn("DAYS_BIRTH", [-9461.0, double.NaN, -19046.0]),
            new Int64DataFrameColumn("DAYS_REGISTRATION", [-3648L, -1186L, -4260L]),
            new StringDataFrameColumn("CODE_GENDER", ["M", "F", null])), path);
        var schema = TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema);

        var data = TableFile.Load(path, schema, strict: false);

        Assert.IsInstanceOfType<Int64DataFrameColumn>(data.Columns["SK_ID_CURR"]);
        Assert.AreEqual(100003L, data.Columns["SK_ID_CURR"][1]);
        Assert.IsNull(data.Columns["DAYS_BIRTH"][1], "NaN is a missing value");
        Assert.IsInstanceOfType<DoubleDataFrameColumn>(data.Columns["DAYS_REGISTRATION"]);
        Assert.AreEqual(-1186.0, data.Columns["DAYS_REGISTRATION"][1]);
    }

    [TestMethod]
    public void AFileOfTextColumnsIsRefusedNamingTheColumnAndTheType()
    {
        // Every column written as text, as a careless conversion does: the numbers are strings.
        var path = PathOf("strings.parquet");
        TableFile.Write(new DataFrame(
            new StringDataFrameColumn("SK_ID_CURR", ["100002", "100003"]),
            new StringDataFrameColumn("CODE_GENDER", ["M", "F"]),
            new StringDataFrameColumn("DAYS_BIRTH", ["-9461", "-19046"]),
            new StringDataFrameColumn("DAYS_REGISTRATION", ["-3648.0", "-1186.0"])), path);
        var before = File.ReadAllBytes(path);

        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(path, TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema), strict: false));

        Assert.AreEqual(
            $"data file {path}, column SK_ID_CURR: the Parquet column holds text (ByteArray), but the schema says integer; " +
            "write it as whole numbers (an int64 column) (2 more column(s) disagree with the schema: DAYS_BIRTH, DAYS_REGISTRATION)", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        CollectionAssert.AreEqual(before, File.ReadAllBytes(path), "the file is left as it was");
    }

    [TestMethod]
    public void RealNumbersInAnIntegerColumnAndNumbersInATextColumnAreRefused()
    {
        var schema = TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema);
        var fractional = PathOf("fractional.parquet");
        TableFile.Write(new DataFrame(new DoubleDataFrameColumn("DAYS_BIRTH", [-9461.0, -19046.5])), fractional);
        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(fractional, schema, strict: false));
        Assert.AreEqual($"data file {fractional}, row 2, column DAYS_BIRTH: -19046.5 is not a whole number as the schema says (integer)", error.Message);

        var coded = PathOf("coded.parquet");
        TableFile.Write(new DataFrame(new Int64DataFrameColumn("CODE_GENDER", [1L, 2L])), coded);
        error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(coded, schema, strict: false));
        StringAssert.Contains(error.Message, "column CODE_GENDER: the Parquet column holds whole numbers (Int64), but the schema says text");
    }

    [TestMethod]
    public void ATruncatedFileIsRefusedNamingTheFileAndLeftAsItWas()
    {
        var path = PathOf("cut.parquet");
        TableFile.Write(Sample(), path);
        var whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length * 2 / 3)]);

        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(path));

        StringAssert.StartsWith(error.Message, $"data file {path} is truncated: it does not end with a complete Parquet footer");
        Assert.AreEqual(whole.Length * 2 / 3, new FileInfo(path).Length);
    }

    [TestMethod]
    public void AFileThatIsNotParquetIsRefused()
    {
        var csv = _data.Write("really-csv.parquet", "id,amount\n1,2\n");
        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(csv));
        StringAssert.StartsWith(error.Message, $"data file {csv} is not a Parquet file: it does not start with Parquet's PAR1 marker");

        var empty = _data.Write("empty.parquet", "");
        error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(empty));
        Assert.AreEqual($"data file {empty} is empty: expected a Parquet file", error.Message);

        var tiny = PathOf("tiny.parquet");
        File.WriteAllBytes(tiny, "PAR1PAR1"u8.ToArray());
        error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(tiny));
        StringAssert.Contains(error.Message, "is truncated");

        error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(PathOf("absent.parquet")));
        StringAssert.EndsWith(error.Message, "absent.parquet does not exist");
    }

    [TestMethod]
    public void DamageInsideTheFileIsOneLineNamingTheFile()
    {
        var path = PathOf("damaged.parquet");
        TableFile.Write(new DataFrame(new DoubleDataFrameColumn("x", Enumerable.Range(0, 5000).Select(i => i * 0.37))), path);
        var bytes = File.ReadAllBytes(path);
        for (var i = 4; i < bytes.Length / 2; i++) bytes[i] = 0xAB; // the pages, not the footer
        File.WriteAllBytes(path, bytes);

        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(path));

        StringAssert.StartsWith(error.Message, $"data file {path} is not a readable Parquet file (");
        Assert.DoesNotContain("\n", error.Message);
    }

    [TestMethod]
    public void MissingSchemaColumnsAndNoRowsAreErrorsAsForCsv()
    {
        var path = PathOf("few.parquet");
        TableFile.Write(new DataFrame(new Int64DataFrameColumn("SK_ID_CURR", [1L])), path);
        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(path, TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema)));
        StringAssert.Contains(error.Message, "lacks");
        StringAssert.Contains(error.Message, "TARGET");

        var empty = PathOf("none.parquet");
        TableFile.Write(new DataFrame(new Int64DataFrameColumn("SK_ID_CURR", 0), new StringDataFrameColumn("CODE_GENDER", 0)), empty);
        error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(empty));
        Assert.AreEqual($"data file {empty} has no data rows", error.Message);
        var day = TableFile.Load(empty, allowNoRows: true);
        Assert.AreEqual(0L, day.Rows.Count);
        Assert.IsInstanceOfType<Int64DataFrameColumn>(day.Columns["SK_ID_CURR"]);
    }

    [TestMethod]
    public void PartsAreWrittenAsOneTableWithTheirColumnsJoined()
    {
        var a = new DataFrame(new Int64DataFrameColumn("n", [1L, 2L, 3L]), new StringDataFrameColumn("t", ["x", "y", "z"]), new DoubleDataFrameColumn("gap", 3));
        var b = new DataFrame(new DoubleDataFrameColumn("n", [4.5]), new Int64DataFrameColumn("t", [7L]), new StringDataFrameColumn("gap", ["filled"]));
        var path = PathOf("parts.parquet");

        TableFile.Write([new TablePart(a, [2, 0]), new TablePart(b)], path);

        var back = TableFile.Load(path);
        Assert.IsInstanceOfType<DoubleDataFrameColumn>(back.Columns["n"], "whole numbers and real numbers make a real column");
        Assert.IsInstanceOfType<StringDataFrameColumn>(back.Columns["t"], "text anywhere makes a text column");
        Assert.IsInstanceOfType<StringDataFrameColumn>(back.Columns["gap"], "an all-missing part does not decide the type");
        CollectionAssert.AreEqual(new object?[] { 3.0, 1.0, 4.5 }, back.Columns["n"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { "z", "x", "7" }, back.Columns["t"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { null, null, "filled" }, back.Columns["gap"].Cast<object?>().ToArray());

        var csv = PathOf("parts.csv");
        TableFile.Write([new TablePart(a, [2, 0]), new TablePart(b)], csv);
        CollectionAssert.AreEqual(new[] { "n,t,gap", "3,z,", "1,x,", "4.5,7,filled" }, File.ReadAllLines(csv));
    }

    [TestMethod]
    public void ReadColumnsGivesTextAndWhereEachRowIsInBothFormats()
    {
        var parquet = PathOf("outcomes.parquet");
        TableFile.Write(new DataFrame(new Int64DataFrameColumn("SK_ID_CURR", [5L, 6L]), new Int64DataFrameColumn("TARGET", [1L, null])), parquet);
        var csv = _data.Write("outcomes.csv", "SK_ID_CURR,TARGET\n5,1\n6,\n");

        foreach (var path in new[] { parquet, csv })
        {
            var rows = TableFile.ReadColumns(path, "TARGET", "SK_ID_CURR").ToList();
            CollectionAssert.AreEqual(new[] { "1", "5" }, rows[0].Fields);
            CollectionAssert.AreEqual(new[] { "", "6" }, rows[1].Fields);
        }
        Assert.AreEqual("row 2", TableFile.ReadColumns(parquet, "TARGET").Last().Where);
        Assert.AreEqual("line 3", TableFile.ReadColumns(csv, "TARGET").Last().Where);
        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.ReadColumns(parquet, "TARGET", "AMT", "X").ToList());
        Assert.AreEqual($"{parquet} has no AMT and no X column in its schema", error.Message);
    }

    [TestMethod]
    public void TextKeptAsRawBytesLoadsAsTextAndUnsupportedTypesAreNamed()
    {
        var path = PathOf("other-writer.parquet");
        using (var writer = new ParquetSharp.ParquetFileWriter(path, [
            new ParquetSharp.Column<byte[]>("CODE_GENDER"), new ParquetSharp.Column<bool?>("FLAG"), new ParquetSharp.Column<int?>("CNT"),
            new ParquetSharp.Column<float?>("RATIO")]))
        {
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<byte[]>()) c.WriteBatch(["F"u8.ToArray(), null!]);
            using (var c = group.NextColumn().LogicalWriter<bool?>()) c.WriteBatch([true, null]);
            using (var c = group.NextColumn().LogicalWriter<int?>()) c.WriteBatch([3, 4]);
            using (var c = group.NextColumn().LogicalWriter<float?>()) c.WriteBatch([0.5f, null]);
            writer.Close();
        }

        var data = TableFile.Load(path, TableSchemaYaml.Parse(TestData.HomeCreditLikeSchema), strict: false);

        CollectionAssert.AreEqual(new object?[] { "F", null }, data.Columns["CODE_GENDER"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { 1L, null }, data.Columns["FLAG"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { 3L, 4L }, data.Columns["CNT"].Cast<object?>().ToArray());
        CollectionAssert.AreEqual(new object?[] { 0.5, null }, data.Columns["RATIO"].Cast<object?>().ToArray());

        var dates = PathOf("dates.parquet");
        using (var writer = new ParquetSharp.ParquetFileWriter(dates, [new ParquetSharp.Column<DateTime?>("APPLIED")]))
        {
            using var group = writer.AppendRowGroup();
            using (var c = group.NextColumn().LogicalWriter<DateTime?>()) c.WriteBatch([DateTime.UnixEpoch]);
            writer.Close();
        }
        var error = Assert.ThrowsExactly<UserFacingException>(() => TableFile.Load(dates));
        StringAssert.StartsWith(error.Message, $"data file {dates}, column APPLIED: its Parquet type (Int64, Timestamp) is not supported");
    }
}
