using System.Globalization;
using CreditPoC.Loading;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Scorecards;

/// <summary>The settings of binning a whole table and choosing its characteristics.</summary>
public sealed record BinningProcessOptions
{
    public BinningOptions Binning { get; init; } = new();

    /// <summary>Characteristics below this IV are dropped (0.02: "useless").</summary>
    public double MinIv { get; init; } = 0.02;

    /// <summary>Of two characteristics whose WoE columns correlate above this (absolute), the one with the lower IV is dropped.</summary>
    public double MaxCorrelation { get; init; } = 0.8;

    /// <summary>Columns never binned (ids, the target, anything the caller knows is not a characteristic).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

/// <summary>Why a characteristic is, or is not, in the scorecard.</summary>
public sealed record CharacteristicChoice(string Name, double Iv, IvBand Band, bool Selected, string Reason);

/// <summary>
/// Bins every characteristic of a table against its target (the schema's special values get their own bins;
/// columns the schema says are known only after the application are left out), then keeps characteristics by IV
/// and drops the weaker of each highly correlated pair of WoE columns, recording every reason.
/// </summary>
public sealed class BinningProcess
{
    private BinningProcess(IReadOnlyList<CharacteristicBinning> characteristics, IReadOnlyList<CharacteristicChoice> choices)
    {
        Characteristics = characteristics;
        Choices = choices;
    }

    /// <summary>Every binned characteristic, highest IV first.</summary>
    public IReadOnlyList<CharacteristicBinning> Characteristics { get; }

    /// <summary>Every characteristic with its IV, band, whether it is selected and why; highest IV first.</summary>
    public IReadOnlyList<CharacteristicChoice> Choices { get; }

    /// <summary>The selected characteristics, highest IV first.</summary>
    public IReadOnlyList<CharacteristicBinning> Selected =>
        Choices.Where(c => c.Selected).Select(c => Characteristics.Single(b => b.Name == c.Name)).ToList();

    public static BinningProcess Fit(DataFrame data, string target, string positiveLabel, TableSchema? schema = null, BinningProcessOptions? options = null)
    {
        options ??= new BinningProcessOptions();
        var labels = TargetVector.From(data, target, positiveLabel);
        if (!labels.HasPositive) throw new UserFacingException(labels.PositiveNotFoundMessage());
        if (labels.OtherValues.Count == 0) throw new UserFacingException(labels.SingleClassMessage() + "; binning needs defaulters and good payers");
        var rows = Enumerable.Range(0, (int)data.Rows.Count).Where(r => labels.HasValue[r]).ToArray();
        var outcome = rows.Select(r => labels.IsPositive[r]).ToArray();
        var excluded = new HashSet<string>(options.Exclude, StringComparer.Ordinal) { target };
        if (schema?.IdColumn is { } id) excluded.Add(id);
        var columns = data.Columns.Where(c => !excluded.Contains(c.Name) &&
                                              (schema?.Find(c.Name)?.Availability ?? Availability.Application) == Availability.Application).ToList();

        var binned = new CharacteristicBinning?[columns.Count];
        Parallel.For(0, columns.Count, i =>
        {
            var column = columns[i];
            var binning = options.Binning with { SpecialValues = schema?.Find(column.Name)?.SpecialValues ?? options.Binning.SpecialValues };
            if (ColumnValues.IsText(column))
            {
                var all = ColumnValues.Texts(column);
                binned[i] = Binner.Text(column.Name, rows.Select(r => all[r]).ToArray(), outcome, binning);
            }
            else if (ColumnValues.IsNumeric(column))
            {
                var all = ColumnValues.Numbers(column);
                binned[i] = Binner.Numeric(column.Name, rows.Select(r => all[r]).ToArray(), outcome, binning);
            }
        });
        var characteristics = binned.OfType<CharacteristicBinning>().OrderByDescending(b => b.Iv).ThenBy(b => b.Name, StringComparer.Ordinal).ToList();
        return new BinningProcess(characteristics, Choose(characteristics, data, rows, options));
    }

    /// <summary>The WoE of each row's value of a characteristic (0 for a value training never saw in a missing or special bin).</summary>
    public static double[] WoeColumn(CharacteristicBinning binning, DataFrameColumn column)
    {
        if (binning.IsNumeric) return ColumnValues.Numbers(column).Select(binning.WoeOf).ToArray();
        return ColumnValues.Texts(column).Select(binning.WoeOf).ToArray();
    }

    private static List<CharacteristicChoice> Choose(List<CharacteristicBinning> characteristics, DataFrame data, int[] rows, BinningProcessOptions options)
    {
        var choices = new List<CharacteristicChoice>();
        var kept = new List<(string Name, double[] Woe)>();
        foreach (var binning in characteristics)
        {
            string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
            if (binning.OrdinaryBins.Count() < 2 && binning.Bins.Count < 2)
            {
                choices.Add(new(binning.Name, binning.Iv, binning.Band, false, binning.Note is { } note
                    ? $"one bin: {note[(binning.Name.Length + 2)..]}"
                    : "one bin: every row has the same value (or none), so the characteristic separates nothing"));
                continue;
            }
            if (binning.Iv < options.MinIv)
            {
                choices.Add(new(binning.Name, binning.Iv, binning.Band, false, $"IV {F(binning.Iv)} below {F(options.MinIv)}"));
                continue;
            }
            var all = WoeColumn(binning, data.Columns[binning.Name]);
            var woe = rows.Select(r => all[r]).ToArray();
            var rival = kept.Select(k => (k.Name, Correlation: Pearson(k.Woe, woe))).Where(k => Math.Abs(k.Correlation) > options.MaxCorrelation)
                .OrderByDescending(k => Math.Abs(k.Correlation)).FirstOrDefault();
            if (rival.Name is not null)
            {
                choices.Add(new(binning.Name, binning.Iv, binning.Band, false,
                    $"WoE correlates {F(rival.Correlation)} with {rival.Name}, which has the higher IV"));
                continue;
            }
            kept.Add((binning.Name, woe));
            choices.Add(new(binning.Name, binning.Iv, binning.Band, true, binning.Band == IvBand.Suspicious
                ? $"IV {F(binning.Iv)} above 0.5: selected, but check it for a leak of the outcome"
                : $"IV {F(binning.Iv)} ({binning.Band.ToString().ToLowerInvariant()})"));
        }
        return choices;
    }

    private static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
