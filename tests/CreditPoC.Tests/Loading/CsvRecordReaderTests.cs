using System.Text;
using CreditPoC.Loading;

namespace CreditPoC.Tests.Loading;

/// <summary>The streaming reader parses as the loader does, across its buffer's boundaries too.</summary>
[TestClass]
public sealed class CsvRecordReaderTests
{
    private static string _dir = null!;

    [ClassInitialize]
    public static void Init(TestContext _) => _dir = Directory.CreateTempSubdirectory("creditpoc-records").FullName;

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void RecordsLongerThanTheBufferAndLineBreaksAcrossItAreReadWhole()
    {
        var path = Path.Combine(_dir, "long.csv");
        var text = new StringBuilder("id,note,amount\n");
        var expected = new List<string[]>();
        var random = new Random(3);
        for (var i = 0; text.Length < 3_500_000; i++)
        {
            var note = i % 97 == 0 ? new string('x', 1_300_000) + "\r\nend, \"quoted\"" : $"note {i}\nline two";
            expected.Add([i.ToString(), note, (random.Next(1000) / 4.0).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            text.Append(i).Append(",\"").Append(note.Replace("\"", "\"\"")).Append("\",").Append(expected[^1][2]).Append(i % 3 == 0 ? "\r\n" : "\n");
        }
        File.WriteAllText(path, text.ToString());

        var (header, rows) = CsvRows.Read(path);

        CollectionAssert.AreEqual(new[] { "id", "note", "amount" }, header);
        Assert.HasCount(expected.Count, rows);
        for (var r = 0; r < rows.Count; r++)
            CollectionAssert.AreEqual(expected[r], rows[r], $"row {r + 1}");
        var loaded = CsvTableLoader.Load(path);
        Assert.AreEqual(expected[^1][1], loaded.Columns["note"][rows.Count - 1], "the loader reads the same values");
    }

    [TestMethod]
    public void LinesRowsAndRawFieldsAreThoseOfTheFile()
    {
        var path = Path.Combine(_dir, "raw.csv");
        File.WriteAllText(path, "\uFEFFa,\"b\",c\n\n1,\"two\nlines\",3\n4,5,\"\"\"6\"\"\"\n");
        using var reader = CsvRecordReader.Open(path);

        Assert.AreEqual("a,\"b\",c", reader.HeaderText);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, reader.Header.ToArray());
        Assert.IsTrue(reader.Read());
        Assert.AreEqual((3, 1), (reader.Line, reader.Row));
        Assert.AreEqual("two\nlines", reader.Value(1));
        Assert.AreEqual((2, 11), reader.RawField(1));
        Assert.IsTrue(reader.Read());
        Assert.AreEqual((5, 2), (reader.Line, reader.Row));
        Assert.AreEqual("\"6\"", reader.Value(2));
        Assert.AreEqual("\"\"\"6\"\"\"", Encoding.UTF8.GetString(reader.Record[reader.RawField(2).Start..]));
        Assert.IsFalse(reader.Read());
    }

    [TestMethod]
    public void AMissingFileOrColumnIsNamed()
    {
        var missing = Path.Combine(_dir, "none.csv");
        StringAssert.Contains(Assert.ThrowsExactly<UserFacingException>(() => CsvRecordReader.Open(missing)).Message, missing);
        var path = Path.Combine(_dir, "columns.csv");
        File.WriteAllText(path, "a,b\n1,2\n");
        using var reader = CsvRecordReader.Open(path);
        var error = Assert.ThrowsExactly<UserFacingException>(() => reader.Require("a", "x", "y"));
        StringAssert.Contains(error.Message, $"{path} has no x and no y column");
    }
}
