using CreditPoC.Loading;
using CreditPoC.Trial;

namespace CreditPoC.Tests.Trial;

[TestClass]
public sealed class FeatureEngineeringTests
{
    private const string Yaml = """
        id: SK_ID_CURR
        target: TARGET
        positive_label: "1"
        columns:
          - { name: SK_ID_CURR, type: integer, availability: application }
          - { name: TARGET, type: integer, min: 0, max: 1, availability: outcome }
          - { name: CODE_GENDER, type: text, categories: [F, M], availability: application }
          - { name: CNT_CHILDREN, type: integer, min: 0, max: 20, availability: application }
          - { name: AMT_CREDIT, type: float, min: 0, availability: application }
          - { name: REVIEW_NOTE, type: text, availability: decision }
        """;

    private string _dir = null!;
    private TableSchema _schema = null!;

    [TestInitialize]
    public void Init()
    {
        _dir = Directory.CreateTempSubdirectory("creditpoc-features").FullName;
        _schema = TableSchemaYaml.Parse(Yaml);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [TestMethod]
    public void TrainKeepsTargetAndDateDropsDecisionColumnsAndFlagsOddRows()
    {
        var input = Write("train.csv",
            "SK_ID_CURR,TARGET,CODE_GENDER,CNT_CHILDREN,AMT_CREDIT,REVIEW_NOTE,APPLICATION_DATE\n" +
            "1,0,F,0,1000.5,ok,2021-01-01\n" +
            "2,1,X,,2000,checked,2021-01-02\n" +
            "3,0,M,25,-5,,2021-01-02\n");

        var table = FeatureEngineering.Build(input, _schema, DataType.Train, Path.Combine(_dir, "out", "features.csv"));

        CollectionAssert.AreEqual(new[] { "SK_ID_CURR", "TARGET", "CODE_GENDER", "CNT_CHILDREN", "AMT_CREDIT", "APPLICATION_DATE", "ROW_FLAGS" },
            table.Data.Columns.Select(c => c.Name).ToList());
        CollectionAssert.AreEqual(new[] { "REVIEW_NOTE" }, table.DroppedColumns.ToList());
        Assert.AreEqual(2, table.FlaggedRows);
        var lines = File.ReadAllLines(table.OutputPath);
        Assert.AreEqual("1,0,F,0,1000.5,2021-01-01,", lines[1]);
        Assert.AreEqual("2,1,X,,2000,2021-01-02,unknown_category:CODE_GENDER;missing:CNT_CHILDREN", lines[2]);
        Assert.AreEqual("3,0,M,25,-5,2021-01-02,out_of_range:CNT_CHILDREN;out_of_range:AMT_CREDIT", lines[3]);
        Assert.AreEqual(1, table.FlagCounts["unknown_category:CODE_GENDER"]);
    }

    [TestMethod]
    public void TestBatchNeedsNoTargetButEveryApplicationColumn()
    {
        var input = Write("day.csv", "SK_ID_CURR,CODE_GENDER,CNT_CHILDREN,AMT_CREDIT\n7,F,1,500\n");
        var table = FeatureEngineering.Build(input, _schema, DataType.Test, Path.Combine(_dir, "test.csv"));
        Assert.AreEqual(1, table.Rows);
        Assert.IsFalse(table.Data.Columns.Any(c => c.Name == "TARGET"));

        var lacking = Write("bad.csv", "SK_ID_CURR,CODE_GENDER,CNT_CHILDREN\n7,F,1\n");
        var error = Assert.ThrowsExactly<UserFacingException>(() => FeatureEngineering.Build(lacking, _schema, DataType.Test, Path.Combine(_dir, "bad-out.csv")));
        StringAssert.Contains(error.Message, "AMT_CREDIT");
        Assert.IsFalse(File.Exists(Path.Combine(_dir, "bad-out.csv")));

        var wrongType = Write("typed.csv", "SK_ID_CURR,CODE_GENDER,CNT_CHILDREN,AMT_CREDIT\n7,F,1,500\n8,M,2,lots\n");
        error = Assert.ThrowsExactly<UserFacingException>(() => FeatureEngineering.Build(wrongType, _schema, DataType.Test, Path.Combine(_dir, "t-out.csv")));
        StringAssert.Contains(error.Message, "row 2, column AMT_CREDIT: 'lots'");
    }
}
