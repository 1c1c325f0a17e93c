using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class CsvRoundTripTests
{
    [TestMethod]
    public void AFrameLoadedFromCsvTrainsAndScoresLikeTheInMemoryOne()
    {
        var dir = Directory.CreateTempSubdirectory("creditpoc-csv").FullName;
        try
        {
            var data = SyntheticTables.Credit(800, seed: 31);
            var path = Path.Combine(dir, "applications.csv");
            DataFrame.SaveCsv(data, path);
            var loaded = DataFrame.LoadCsv(path);

            var exp = Experiment.Setup(loaded, "TARGET", "1", ["SK_ID_CURR"], folds: 2, progress: _ => { });
            Assert.IsEmpty(exp.Warnings);
            var board = exp.CompareModels(["lr", "lightgbm"]);
            Assert.IsTrue(board.Rows.All(r => double.IsFinite(r.Auc.Mean)));

            // A model trained on the in-memory frame (int and double columns) scores the CSV frame (float columns).
            var model = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], folds: 2, progress: _ => { }).CreateModel("lightgbm");
            var fromMemory = model.Predict(data);
            var fromCsv = model.Predict(loaded);
            Assert.HasCount(800, fromCsv);
            for (var i = 0; i < fromCsv.Length; i++)
                Assert.AreEqual(fromMemory[i], fromCsv[i], 1e-5, $"row {i}");

            var modelPath = Path.Combine(dir, "model.zip");
            model.Save(modelPath);
            var reloaded = TrainedModel.Load(modelPath);
            CollectionAssert.AreEqual(fromCsv, reloaded.Predict(loaded));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
