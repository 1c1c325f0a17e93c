using CreditPoC.Modeling;

namespace CreditPoC.Tests.Modeling;

[TestClass]
public sealed class BinaryMetricsTests
{
    [TestMethod]
    public void ConfusionMetricsMatchHandComputedValues()
    {
        var m = new ConfusionMatrix(TruePositives: 20, FalsePositives: 10, TrueNegatives: 60, FalseNegatives: 10);
        Assert.AreEqual(0.8, m.Accuracy, 1e-12);
        Assert.AreEqual(2.0 / 3, m.Recall, 1e-12);
        Assert.AreEqual(2.0 / 3, m.Precision, 1e-12);
        Assert.AreEqual(2.0 / 3, m.F1, 1e-12);
        Assert.AreEqual(0.22 / 0.42, m.Kappa, 1e-12);
        Assert.AreEqual(1100.0 / 2100, m.Mcc, 1e-12);
        var none = new ConfusionMatrix(0, 0, 50, 5);
        Assert.AreEqual(0, none.Precision);
        Assert.AreEqual(0, none.F1);
        Assert.AreEqual(0, none.Mcc);
    }

    [TestMethod]
    public void CurvesKsAndCalibrationOnASmallExample()
    {
        float[] scores = [0.9f, 0.8f, 0.7f, 0.3f, 0.2f, 0.1f];
        bool[] labels = [true, true, false, false, true, false];
        var roc = BinaryMetrics.RocCurve(scores, labels);
        Assert.AreEqual(new RocPoint(0, 0, double.PositiveInfinity), roc[0]);
        Assert.AreEqual(2.0 / 3, roc[2].TruePositiveRate, 1e-12);
        Assert.AreEqual(0, roc[2].FalsePositiveRate);
        var (ks, at) = BinaryMetrics.KolmogorovSmirnov(scores, labels);
        Assert.AreEqual(2.0 / 3, ks, 1e-12);
        Assert.AreEqual(0.8, at, 1e-6);
        var pr = BinaryMetrics.PrCurve(scores, labels);
        Assert.AreEqual(1.0, pr[0].Precision);
        Assert.AreEqual(0.5, pr[^1].Precision, 1e-12);
        var bins = BinaryMetrics.Calibration(scores, labels, bins: 2);
        Assert.HasCount(2, bins);
        Assert.AreEqual(1.0 / 3, bins[0].ObservedRate, 1e-12);
        Assert.AreEqual(2.0 / 3, bins[1].ObservedRate, 1e-12);
    }
}
