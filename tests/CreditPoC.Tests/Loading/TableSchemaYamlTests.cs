using CreditPoC.Loading;

namespace CreditPoC.Tests.Loading;

[TestClass]
public sealed class TableSchemaYamlTests
{
    [TestMethod]
    public void HomeCreditSchemaHas122ColumnsWithTypesAndAvailability()
    {
        var schema = TableSchemaYaml.Load(Path.Combine(RepoRoot.Path, "parameters", "schema.yaml"));

        Assert.HasCount(122, schema.Columns);
        Assert.AreEqual("SK_ID_CURR", schema.IdColumn);
        Assert.AreEqual("TARGET", schema.TargetColumn);
        Assert.AreEqual("1", schema.PositiveLabel);
        Assert.AreEqual(41, schema.Columns.Count(c => c.Type == ColumnType.Integer));
        Assert.AreEqual(65, schema.Columns.Count(c => c.Type == ColumnType.Float));
        Assert.AreEqual(16, schema.Columns.Count(c => c.Type == ColumnType.Text));
        Assert.AreEqual(Availability.Outcome, schema.Find("TARGET")!.Availability);
        Assert.HasCount(58, schema.Find("ORGANIZATION_TYPE")!.Categories!);
        Assert.Contains("Spouse, partner", schema.Find("NAME_TYPE_SUITE")!.Categories!);
        Assert.Contains(365243.0, schema.Find("DAYS_EMPLOYED")!.SpecialValues);
        Assert.IsTrue(schema.Columns.Where(c => c.Type == ColumnType.Text).All(c => c.Categories is { Count: > 0 }));
    }

    [TestMethod]
    public void BadEntriesAreNamed()
    {
        var error = Assert.ThrowsExactly<UserFacingException>(() =>
            TableSchemaYaml.Parse("columns:\n  - name: AGE\n    type: number?\n", "s.yaml"));
        StringAssert.Contains(error.Message, "AGE");
        StringAssert.Contains(error.Message, "integer, float or text");

        error = Assert.ThrowsExactly<UserFacingException>(() =>
            TableSchemaYaml.Parse("target: Y\ncolumns:\n  - name: AGE\n    type: integer\n", "s.yaml"));
        StringAssert.Contains(error.Message, "target column Y");

        error = Assert.ThrowsExactly<UserFacingException>(() => TableSchemaYaml.Load("/no/such/schema.yaml"));
        StringAssert.Contains(error.Message, "/no/such/schema.yaml");
    }

    [TestMethod]
    public void RoundTripsThroughYaml()
    {
        var schema = TableSchemaYaml.Parse("id: id\ncolumns:\n  - name: id\n    type: integer\n  - name: DAYS_EMPLOYED\n    type: integer\n    min: -20000\n    max: 0\n    special_values: [365243]\n    availability: decision\n");

        var again = TableSchemaYaml.Parse(TableSchemaYaml.ToYaml(schema));

        Assert.AreEqual("id", again.IdColumn);
        Assert.AreEqual(Availability.Decision, again.Find("DAYS_EMPLOYED")!.Availability);
        Assert.AreEqual(-20000.0, again.Find("DAYS_EMPLOYED")!.Min);
        Assert.AreEqual(365243.0, again.Find("DAYS_EMPLOYED")!.SpecialValues.Single());
    }
}
