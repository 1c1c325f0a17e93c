using CreditPoC.Loading;

namespace CreditPoC.Tests.Loading;

/// <summary>The PoC notebooks' default schema meets another credit table: its types are inferred, with a warning.</summary>
[TestClass]
public sealed class SchemaChoiceTests
{
    private static string _dir = null!;
    private static string SchemaPath => Path.Combine(RepoRoot.Path, "parameters", "schema.yaml");

    [ClassInitialize]
    public static void Init(TestContext _) => _dir = Directory.CreateTempSubdirectory("creditpoc-schema-choice").FullName;

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static string Csv(string name, IEnumerable<string> header)
    {
        var path = Path.Combine(_dir, name);
        var columns = header.ToList();
        File.WriteAllText(path, string.Join(",", columns) + "\n" + string.Join(",", columns.Select(_ => "1")) + "\n");
        return path;
    }

    [TestMethod]
    public void AnotherTableIsTypedFromItsDataWithAWarningThatSaysHowToSaySo()
    {
        var other = Csv("german_credit.csv", ["id", "duration", "amount", "purpose", "TARGET"]);
        var warnings = new List<string>();

        var schema = SchemaChoice.Load(SchemaPath, other, warnings.Add);

        Assert.IsNull(schema, "the types are inferred from the data");
        Assert.AreEqual($"warning: {other} has 1 of the 122 columns the schema names (TARGET): this looks like another table, so its column types " +
                        "are inferred from the data. Run with -p SCHEMA_PATH \"\" to infer them without this warning, or give this table's schema",
                        warnings.Single());
        Assert.HasCount(5, CsvTableLoader.Load(other, schema).Columns);
    }

    [TestMethod]
    public void TheSchemasOwnTableKeepsTheSchemaAndAMissingColumnStaysTheLoadersError()
    {
        var full = TableSchemaYaml.Load(SchemaPath);
        var names = full.Columns.Select(c => c.Name).ToList();
        var own = Csv("application_train.csv", names);
        var lacking = Csv("lacking.csv", names.Where(n => n != "AMT_CREDIT"));
        var warnings = new List<string>();

        Assert.IsNotNull(SchemaChoice.Load(SchemaPath, own, warnings.Add));
        var schema = SchemaChoice.Load(SchemaPath, lacking, warnings.Add);

        Assert.IsNotNull(schema, "121 of 122 columns: the schema's table, one column short");
        Assert.IsEmpty(warnings);
        StringAssert.EndsWith(Assert.ThrowsExactly<UserFacingException>(() => CsvTableLoader.Load(lacking, schema)).Message,
            "lacks 1 column(s) that the schema names: AMT_CREDIT");
    }

    [TestMethod]
    public void NoSchemaPathOrAFileTheLoaderShouldSpeakForLeavesTheChoiceAlone()
    {
        var warnings = new List<string>();
        Assert.IsNull(SchemaChoice.Load("", Path.Combine(_dir, "absent.csv"), warnings.Add));
        Assert.IsNotNull(SchemaChoice.Load(SchemaPath, Path.Combine(_dir, "absent.csv"), warnings.Add), "the loader names the missing file");
        Assert.IsEmpty(warnings);
    }

    [TestMethod]
    public void AnotherTableInParquetIsRecognisedFromItsParquetSchema()
    {
        var csv = Csv("other_for_parquet.csv", ["id", "duration", "amount", "TARGET"]);
        var parquet = Path.ChangeExtension(csv, TableFile.ParquetExtension);
        TableFile.Write(CsvTableLoader.Load(csv), parquet);
        var warnings = new List<string>();

        Assert.IsNull(SchemaChoice.Load(SchemaPath, parquet, warnings.Add));
        StringAssert.StartsWith(warnings.Single(), $"warning: {parquet} has 1 of the 122 columns the schema names (TARGET)");
        Assert.HasCount(4, TableFile.Load(parquet).Columns);
    }
}
