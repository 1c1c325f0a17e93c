using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class TestSourceRowsTests
{
    [TestMethod]
    public void TestSourceRowsPointAtTheTestRowsInTheOriginalData()
    {
        var data = SyntheticTables.Credit(1200, seed: 5);
        var experiment = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], seed: 3, folds: 3, sampleRows: 900, progress: _ => { });

        var rows = experiment.TestSourceRows;
        var test = experiment.TestData();

        Assert.HasCount(experiment.TestCount, rows);
        Assert.AreEqual(rows.Count, rows.Distinct().Count());
        Assert.IsTrue(rows.Any(r => r >= 900), "a sample's rows keep their numbers in the full data");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.AreEqual(Convert.ToSingle(data.Columns["EXT_SOURCE_2"][rows[i]]), (float)test.Columns["EXT_SOURCE_2"][i]!, $"test row {i}");
            Assert.AreEqual(Convert.ToInt32(data.Columns["TARGET"][rows[i]]) == 1, (bool)test.Columns["TARGET"][i]!, $"test row {i}");
        }
    }
}
