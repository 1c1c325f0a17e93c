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
        var tuned = exp.TuneModel("lightgbm", trials: 12);
        Console.WriteLine(tuned);
        foreach (var kv in tuned.ParameterImportance) Console.WriteLine($"{kv.Key} {kv.Value:F3}");
        Console.WriteLine(exp.Evaluate(tuned.BestModel));
        foreach (var id in new[] { "lr", "svm", "rf", "dt" })
        {
            var m = exp.CreateModel(id);
            Console.WriteLine(exp.Evaluate(m));
            var i = exp.Interpret(m);
            Console.WriteLine(i);
            foreach (var f in i.Permutation.Take(5)) Console.WriteLine($"  perm {f}");
            foreach (var e in m.Explain(data.Head(2))) Console.WriteLine(e);
        }
        var interp = exp.Interpret(tuned.BestModel);
        Console.WriteLine(interp);
        foreach (var f in interp.Permutation.Take(5)) Console.WriteLine($"  perm {f}");
        var top = exp.SelectTopFeatures(tuned.BestModel, 5);
        Console.WriteLine(exp.Evaluate(top));
        Console.WriteLine(string.Join(",", top.InputColumns));
    }
}
