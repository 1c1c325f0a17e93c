using CreditPoC.Loading;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace CreditPoC.Tests.Loading;

[TestClass]
public sealed class CsvTableLoaderTests
{
    private TestData _data = null!;

    [TestInitialize]
    public void Init() => _data = new TestData();

    [TestCleanup]
    public void Cleanup() => _data.Dispose();

    [TestMethod]
    public void InfersIntegerFloatAndTextFromAllValues()
    {
        // "code" looks numeric for many rows, then turns into text: it must stay text.
        var rows = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},{i * 0.5},{(i == 19_999 ? "X7" : i.ToString())}\n"));
        var path = _data.Write("t.csv", "id,amount,code\n" + rows);

        var frame = CsvTableLoader.Load(path);

        Assert.IsInstanceOfType<Int64DataFrameColumn>(frame.Columns["id"]);
        Assert.IsInstanceOfType<DoubleDataFrameColumn>(frame.Columns["amount"]);
        Assert.IsInstanceOfType<StringDataFrameColumn>(frame.Columns["code"]);
        Assert.AreEqual(20_000L, frame.Rows.Count);
        Assert.AreEqual(9_999.5, (double)frame.Columns["amount"][19_999]!);
        Assert.AreEqual("X7", frame.Columns["code"][19_999]);
        Assert.AreEqual("5", frame.Columns["code"][5]);
    }

    [TestMethod]
    public void EmptyCellsAreMissingInEveryType()
    {
        var path = _data.Write("t.csv", "a,b,c\n1,,x\n,2.5,\n3,1.5,y\n");

        var frame = CsvTableLoader.Load(path);

        Assert.IsNull(frame.Columns["a"][1]);
        Assert.IsNull(frame.Columns["b"][0]);
        Assert.IsNull(frame.Columns["c"][1]);
        Assert.AreEqual(1L, frame.Columns["a"].NullCount);
        Assert.AreEqual(1L, frame.Columns["b"].NullCount);
        Assert.AreEqual(1L, frame.Columns["c"].NullCount);
        Assert.AreEqual(3L, (long)frame.Columns["a"][2]!);
        Assert.AreEqual(4.0, (double)frame.Columns["b"].Sum());
    }

    [TestMethod]
    public void QuotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        var path = _data.Write("t.csv", "id,suite,note\r\n1,\"Spouse, partner\",\"said \"\"hi\"\"\"\r\n2,Family,\"two\nlines\"\r\n3,\"\",plain\r\n");

        var frame = CsvTableLoader.Load(path);

        Assert.AreEqual(3L, frame.Rows.Count);
        Assert.AreEqual("Spouse, partner", frame.Columns["suite"][0]);
        Assert.AreEqual("said \"hi\"", frame.Columns["note"][0]);
        Assert.AreEqual("two\nlines", frame.Columns["note"][1]);
        Assert.IsNull(frame.Columns["suite"][2]);
        Assert.AreEqual("plain", frame.Columns["note"][2]);
    }

    [TestMethod]
    public void SchemaTypesWinOverInference()
    {
        var schema = TableSchemaYaml.Parse("""
            columns:
              - name: zip
                type: text
              - name: score
                type: float
            """);
        var path = _data.Write("t.csv", "zip,score,extra\n01234,1,a\n99999,2,b\n");

        var frame = CsvTableLoader.Load(path, schema);

        Assert.AreEqual("01234", frame.Columns["zip"][0]);
        Assert.IsInstanceOfType<DoubleDataFrameColumn>(frame.Columns["score"]);
        Assert.IsInstanceOfType<StringDataFrameColumn>(frame.Columns["extra"]);
    }

    [TestMethod]
    public void IntegerColumnAcceptsIntegralDecimals()
    {
        var schema = TableSchemaYaml.Parse("columns:\n  - name: n\n    type: integer\n");
        var path = _data.Write("t.csv", "n\n3.0\n-4\n");

        var frame = CsvTableLoader.Load(path, schema);

        Assert.AreEqual(3L, (long)frame.Columns["n"][0]!);
        Assert.AreEqual(-4L, (long)frame.Columns["n"][1]!);
    }

    [TestMethod]
    public void ParsesNumbersExactlyLikeDoubleParse()
    {
        string[] texts = ["0.1", "0.2629485927471776", "-17912", "1e-5", "123456789.123456789", "0.0000001", "202500.0", "+2.5"];
        var path = _data.Write("t.csv", "x\n" + string.Join("\n", texts) + "\n");

        var frame = CsvTableLoader.Load(path);

        for (int i = 0; i < texts.Length; i++)
            Assert.AreEqual(double.Parse(texts[i], System.Globalization.CultureInfo.InvariantCulture), (double)frame.Columns["x"][i]!, texts[i]);
    }

    [TestMethod]
    public void RepeatedTextValuesShareOneString()
    {
        var path = _data.Write("t.csv", "c\n" + string.Concat(Enumerable.Repeat("Cash loans\n", 100)));

        var frame = CsvTableLoader.Load(path);

        Assert.IsTrue(ReferenceEquals(frame.Columns["c"][0], frame.Columns["c"][99]));
    }

    [TestMethod]
    public void ManyRowsAcrossChunksKeepTheirOrderAndNulls()
    {
        var rows = string.Concat(Enumerable.Range(0, 50_001).Select(i => i % 7 == 0 ? $"{i},\n" : $"{i},{i % 3}\n"));
        var path = _data.Write("t.csv", "id,v\n" + rows);

        var frame = CsvTableLoader.Load(path);

        Assert.AreEqual(50_001L, frame.Rows.Count);
        Assert.AreEqual(50_000L, (long)frame.Columns["id"][50_000]!);
        Assert.AreEqual(Enumerable.Range(0, 50_001).Count(i => i % 7 == 0), (int)frame.Columns["v"].NullCount);
        Assert.IsNull(frame.Columns["v"][49_994]);
        Assert.AreEqual(49_999L % 3, (long)frame.Columns["v"][49_999]!);
    }

    [TestMethod]
    public void LoadedColumnsCanBeChangedFilteredAndComputedOn()
    {
        var path = _data.Write("t.csv", "\uFEFFid,amount,g\n1,2.5,a\n2,,b\n3,4.5,a");

        var frame = CsvTableLoader.Load(path);
        frame.Columns["id"][0] = 10L;
        frame.Columns["amount"][1] = 1.0;
        var doubled = ((DoubleDataFrameColumn)frame.Columns["amount"]).Multiply(2.0);
        var onlyA = frame.Filter(((StringDataFrameColumn)frame.Columns["g"]).ElementwiseEquals("a"));

        Assert.AreEqual("id", frame.Columns[0].Name); // the byte order mark is not part of the name
        Assert.AreEqual(10L, (long)frame.Columns["id"][0]!);
        Assert.AreEqual(0L, frame.Columns["amount"].NullCount);
        Assert.AreEqual(2.0, (double)doubled[1]!);
        Assert.AreEqual(9.0, (double)doubled[2]!); // the last line has no line break
        Assert.AreEqual(2L, onlyA.Rows.Count);
        Assert.AreEqual(3L, (long)onlyA.Columns["id"][1]!);
        var preview = ((IDataView)frame).Preview(); // ML.NET reads the same buffers
        Assert.HasCount(3, preview.RowView);
        Assert.AreEqual(4.5, (double)preview.RowView[2].Values[1].Value);
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(Path.Combine(_data.Folder, "nope.csv")));
        StringAssert.Contains(error.Message, "nope.csv");
        StringAssert.Contains(error.Message, "does not exist");
    }

    [TestMethod]
    public void EmptyFileIsReported()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(_data.Write("e.csv", "")));
        StringAssert.Contains(error.Message, "is empty");
    }

    [TestMethod]
    public void HeaderOnlyFileSaysThereAreNoDataRows()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(_data.Write("h.csv", "a,b,c\n")));
        StringAssert.Contains(error.Message, "no data rows");
    }

    [TestMethod]
    public void RaggedRowNamesTheLineAndFieldCounts()
    {
        var path = _data.Write("r.csv", "a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n");

        var error = Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(path));

        StringAssert.Contains(error.Message, "line 4");
        StringAssert.Contains(error.Message, "expected 3 fields");
        StringAssert.Contains(error.Message, "found 2");
    }

    [TestMethod]
    public void SchemaColumnsMissingFromTheFileAreNamed()
    {
        var schema = TableSchemaYaml.Parse("columns:\n  - name: a\n    type: integer\n  - name: TARGET\n    type: integer\n  - name: AGE\n    type: integer\n");
        var path = _data.Write("m.csv", "a\n1\n");

        var error = Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(path, schema));

        StringAssert.Contains(error.Message, "TARGET, AGE");
        var lenient = CsvTableLoader.Load(path, schema, strict: false);
        Assert.HasCount(1, lenient.Columns);
    }

    [TestMethod]
    public void ValueOfTheWrongTypeNamesRowColumnAndValue()
    {
        var schema = TableSchemaYaml.Parse("columns:\n  - name: id\n    type: integer\n  - name: amount\n    type: float\n");
        var path = _data.Write("w.csv", "id,amount\n1,2.5\n2,abc\n3,4\n");

        var error = Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(path, schema));

        StringAssert.Contains(error.Message, "line 3");
        StringAssert.Contains(error.Message, "data row 2");
        StringAssert.Contains(error.Message, "amount");
        StringAssert.Contains(error.Message, "'abc'");
    }

    [TestMethod]
    public void LenientLoadKeepsAWrongTypedColumnAsText()
    {
        var schema = TableSchemaYaml.Parse("columns:\n  - name: amount\n    type: float\n");
        var path = _data.Write("w.csv", "amount\n2.5\nabc\n4\n");

        var frame = CsvTableLoader.Load(path, schema, strict: false);

        Assert.IsInstanceOfType<StringDataFrameColumn>(frame.Columns["amount"]);
        Assert.AreEqual("abc", frame.Columns["amount"][1]);
        Assert.AreEqual("2.5", frame.Columns["amount"][0]);
    }
}
