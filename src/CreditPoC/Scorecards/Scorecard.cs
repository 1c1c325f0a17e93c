using CreditPoC.Loading;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace CreditPoC.Scorecards;

/// <summary>A value outside every bin of its characteristic, and where it was scored instead.</summary>
public sealed record UnbinnedValue(int Row, string Characteristic, string? Value, string ScoredIn)
{
    public override string ToString() => $"row {Row + 1}: {Characteristic} = {Value ?? "(missing)"} is outside every bin; scored in {ScoredIn}";
}

/// <summary>One row of the scorecard table: a characteristic's bin, its WoE and its points.</summary>
public sealed record ScorecardRow(string Characteristic, Bin Bin, double Coefficient, double Points);

/// <summary>
/// A points-based scorecard: a logistic regression (ML.NET's L-BFGS trainer) on the WoE of the selected
/// characteristics, scaled to points. With WoE = ln(share of goods / share of bads), every coefficient should be
/// negative (more evidence of good, less risk); one that is not is flagged, and <see cref="Fit"/> can drop those
/// characteristics and fit again. Each bin's points are −Factor × coefficient × WoE plus an even share of the
/// intercept and offset, so a row's points add up to the model's log-odds on the points scale exactly.
/// </summary>
public sealed class Scorecard
{
    internal Scorecard(IReadOnlyList<CharacteristicBinning> characteristics, IReadOnlyList<double> coefficients, double intercept,
        PointsScale scale, IReadOnlyList<string> droppedForSign)
    {
        Characteristics = characteristics;
        Coefficients = coefficients;
        Intercept = intercept;
        Scale = scale;
        DroppedForSign = droppedForSign;
    }

    public IReadOnlyList<CharacteristicBinning> Characteristics { get; }

    /// <summary>The regression's coefficient of each characteristic's WoE, in the order of <see cref="Characteristics"/>.</summary>
    public IReadOnlyList<double> Coefficients { get; }

    public double Intercept { get; }

    public PointsScale Scale { get; }

    /// <summary>Characteristics whose coefficient had the wrong sign and were dropped before the final fit.</summary>
    public IReadOnlyList<string> DroppedForSign { get; }

    /// <summary>Characteristics whose coefficient has the wrong sign (positive) in this fit.</summary>
    public IReadOnlyList<string> WrongSigns => Characteristics.Where((_, i) => Coefficients[i] > 0).Select(c => c.Name).ToList();

    /// <summary>The scorecard table: every characteristic's bins with WoE and (unrounded) points.</summary>
    public IReadOnlyList<ScorecardRow> Table =>
        Characteristics.SelectMany((c, i) => c.Bins.Select(b => new ScorecardRow(c.Name, b, Coefficients[i], BinPoints(i, b.Woe)))).ToList();

    /// <summary>Fits the regression on the selected characteristics of <paramref name="data"/>.</summary>
    /// <param name="dropWrongSigns">Drop characteristics whose coefficient comes out positive and fit again, until none does.</param>
    public static Scorecard Fit(DataFrame data, string target, string positiveLabel, IReadOnlyList<CharacteristicBinning> characteristics,
        PointsScale? scale = null, bool dropWrongSigns = true, int seed = 42)
    {
        scale ??= new PointsScale();
        scale.Check();
        if (characteristics.Count == 0) throw new UserFacingException("no characteristic was selected: a scorecard needs at least one");
        var labels = TargetVector.From(data, target, positiveLabel);
        var rows = Enumerable.Range(0, (int)data.Rows.Count).Where(r => labels.HasValue[r]).ToArray();
        var woe = characteristics.ToDictionary(c => c.Name, c => BinningProcess.WoeColumn(c, data.Columns[c.Name]));
        var kept = characteristics.ToList();
        var dropped = new List<string>();
        while (true)
        {
            var (coefficients, intercept) = Regress(kept.Select(c => woe[c.Name]).ToList(), rows, labels.IsPositive, seed);
            var wrong = kept.Where((_, i) => coefficients[i] > 0).Select(c => c.Name).ToList();
            if (!dropWrongSigns || wrong.Count == 0 || wrong.Count == kept.Count)
                return new Scorecard(kept, coefficients, intercept, scale, dropped);
            dropped.AddRange(wrong);
            kept = kept.Where(c => !wrong.Contains(c.Name)).ToList();
        }
    }

    /// <summary>Each row's unrounded points; a value training never saw in a missing or special bin counts as WoE 0.</summary>
    public double[] Points(DataFrame data)
    {
        var total = new double[data.Rows.Count];
        for (var i = 0; i < Characteristics.Count; i++)
        {
            var column = data.Columns.IndexOf(Characteristics[i].Name) >= 0 ? data.Columns[Characteristics[i].Name]
                : throw new UserFacingException($"the data lacks the scorecard's characteristic {Characteristics[i].Name}");
            var woe = BinningProcess.WoeColumn(Characteristics[i], column);
            for (var r = 0; r < total.Length; r++) total[r] += BinPoints(i, woe[r]);
        }
        return total;
    }

    /// <summary>
    /// The values of <paramref name="data"/> that fall outside every bin of their characteristic: each is scored in the
    /// missing bin (or with WoE 0 when there is none) and flagged here, naming row, characteristic and value.
    /// </summary>
    public IReadOnlyList<UnbinnedValue> OutsideEveryBin(DataFrame data)
    {
        var flagged = new List<UnbinnedValue>();
        foreach (var c in Characteristics)
        {
            var column = data.Columns.IndexOf(c.Name) >= 0 ? data.Columns[c.Name]
                : throw new UserFacingException($"the data lacks the scorecard's characteristic {c.Name}");
            var texts = ColumnValues.Texts(column);
            var numbers = c.IsNumeric ? ColumnValues.Numbers(column) : null;
            for (var r = 0; r < texts.Length; r++)
            {
                var found = numbers is null ? c.Find(texts[r]) : c.Find(numbers[r]);
                if (found is null) flagged.Add(new UnbinnedValue(r, c.Name, texts[r], c.MissingBin is null ? "WoE 0 (no missing bin)" : "the missing bin"));
            }
        }
        return flagged;
    }

    /// <summary>Each row's probability of the event (bad), from its points.</summary>
    public double[] Probabilities(DataFrame data) => Points(data).Select(Scale.Probability).ToArray();

    private double BinPoints(int characteristic, double woe) =>
        -Scale.Factor * (Coefficients[characteristic] * woe + Intercept / Characteristics.Count) + Scale.Offset / Characteristics.Count;

    private static (double[] Coefficients, double Intercept) Regress(List<double[]> woe, int[] rows, bool[] isEvent, int seed)
    {
        var ml = new MLContext(seed);
        var examples = rows.Select(r => new WoeRow { Label = isEvent[r], Features = woe.Select(w => (float)w[r]).ToArray() }).ToList();
        var schema = SchemaDefinition.Create(typeof(WoeRow));
        schema[nameof(WoeRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, woe.Count);
        var view = ml.Data.LoadFromEnumerable(examples, schema);
        var model = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            NumberOfThreads = 1, L1Regularization = 0, L2Regularization = 1e-6f, OptimizationTolerance = 1e-8f,
        }).Fit(view);
        var linear = model.Model.SubModel;
        return (linear.Weights.Select(w => (double)w).ToArray(), linear.Bias);
    }

    private sealed class WoeRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }
}
