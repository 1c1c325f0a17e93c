using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class ScratchTests
{
    [TestMethod]
    public void Scratch()
    {
        var data = SyntheticTables.Credit(3000, 1);
        var exp = Experiment.Setup(data, "TARGET", "1", ["SK_ID_CURR"], seed: 42, folds: 3);
        var board = exp.CompareModels();
        Console.WriteLine(board);
        var model = exp.CreateModel("lightgbm");
        var p = model.Predict(data.Head(5));
        Console.WriteLine(string.Join(", ", p));
        foreach (var e in model.Explain(data.Head(3))) Console.WriteLine(e);
        var path = Path.Combine(Path.GetTempPath(), "m.zip");
        model.Save(path);
        var back = TrainedModel.Load(path);
        Console.WriteLine(string.Join(", ", back.Predict(data.Head(5))));
        foreach (var e in back.Explain(data.Head(3))) Console.WriteLine(e);
    }
}
