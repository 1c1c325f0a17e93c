using CreditPoC.Modeling;
using CreditPoC.Tables;
using CreditPoC.Validation;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Tables;

/// <summary>The one column reader: which columns are numbers, and how values read as numbers and as text.</summary>
[TestClass]
public sealed class ColumnValuesTests
{
    [TestMethod]
    public void BoolIsNumericOneAndZeroEverywhere()
    {
        var flags = new BooleanDataFrameColumn("FLAG", [true, false, null, true]);

        Assert.IsTrue(ColumnValues.IsNumeric(flags));
        Assert.IsTrue(ColumnValues.IsInteger(flags));
        Assert.IsFalse(ColumnValues.IsText(flags));
        CollectionAssert.AreEqual(new[] { 1.0, 0.0, double.NaN, 1.0 }, ColumnValues.Numbers(flags));
        CollectionAssert.AreEqual(new[] { 1f, 0f, float.NaN, 1f }, ColumnValues.Singles(flags));
        CollectionAssert.AreEqual(new[] { "1", "0", null, "1" }, ColumnValues.Texts(flags));
        Assert.AreEqual("1", ColumnValues.Text(true));
    }

    [TestMethod]
    public void NumbersReadEveryNumericTypeAndParseText()
    {
        Assert.IsTrue(ColumnValues.IsNumeric(new DecimalDataFrameColumn("d", [1.5m])));
        Assert.IsFalse(ColumnValues.IsNumeric(new PrimitiveDataFrameColumn<DateTime>("when", [DateTime.UnixEpoch])));
        Assert.IsFalse(ColumnValues.IsNumeric(new StringDataFrameColumn("s", ["1"])));
        CollectionAssert.AreEqual(new[] { 1.5, double.NaN }, ColumnValues.Numbers(new DecimalDataFrameColumn("d", [1.5m, null])));
        CollectionAssert.AreEqual(new[] { 3.0, double.NaN }, ColumnValues.Numbers(new Int16DataFrameColumn("s", [3, null])));
        CollectionAssert.AreEqual(new[] { 0.25f, float.NaN, float.NaN }, ColumnValues.Singles(new StringDataFrameColumn("t", ["0.25", "abc", null])));
        CollectionAssert.AreEqual(new[] { 0.1f }, ColumnValues.Singles(new DoubleDataFrameColumn("x", [0.1])));
    }

    [TestMethod]
    public void TextsAreShortInvariantFormsAndExactForWholeNumbers()
    {
        CollectionAssert.AreEqual(new[] { "1", "0.25", null }, ColumnValues.Texts(new DoubleDataFrameColumn("x", [1.0, 0.25, null])));
        CollectionAssert.AreEqual(new[] { "0.1", null }, ColumnValues.Texts(new SingleDataFrameColumn("x", [0.1f, float.NaN])));
        CollectionAssert.AreEqual(new[] { "9007199254740993", null }, ColumnValues.Texts(new Int64DataFrameColumn("id", [9007199254740993L, null])));
        CollectionAssert.AreEqual(new[] { " a ", null }, ColumnValues.Texts(new StringDataFrameColumn("s", [" a ", null])));
    }

    [TestMethod]
    public void ValidationAndModelingReadABoolColumnAlike()
    {
        var rows = 400;
        var random = new Random(3);
        var target = Enumerable.Range(0, rows).Select(i => i % 5 == 0).ToArray();
        var data = new DataFrame(
            new Int64DataFrameColumn("id", Enumerable.Range(0, rows).Select(i => (long)i)),
            new BooleanDataFrameColumn("OWNS_CAR", target.Select(t => t ? random.NextDouble() < 0.8 : random.NextDouble() < 0.2)),
            new DoubleDataFrameColumn("noise", Enumerable.Range(0, rows).Select(_ => random.NextDouble())),
            new BooleanDataFrameColumn("DEFAULTED", target));

        var validation = DataValidator.Validate(data, new ValidationOptions("DEFAULTED", "1") { IdColumn = "id" });
        var experiment = Experiment.Setup(data, "DEFAULTED", "1", ["id"], folds: 2, progress: _ => { });

        Assert.AreEqual(rows / 5, validation.Target!.Positives);
        Assert.AreEqual("0", validation.Target.NegativeLabel);
        Assert.Contains("OWNS_CAR", experiment.Plan.Numeric, "a bool feature is a number 0/1 to the model too");
        Assert.AreEqual(0.2, experiment.PositiveRate, 0.02);
    }
}
