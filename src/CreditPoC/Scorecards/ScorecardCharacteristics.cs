using CreditPoC.Modeling;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Scorecards;

/// <summary>
/// Engineered characteristics a scorecard may use besides the raw columns: the credit ratios the models' feature
/// plan adds (<see cref="RatioFeature.Known"/>: credit/annuity, credit/income, annuity/income, goods price/credit),
/// added as columns where their inputs exist, so that they are binned like any other characteristic. Scoring data
/// goes through the same call, so a saved scorecard that uses a ratio finds it.
/// </summary>
public static class ScorecardCharacteristics
{
    /// <summary>A copy of <paramref name="data"/> with every known ratio whose two columns are numeric and whose name is free.</summary>
    public static DataFrame WithRatios(DataFrame data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = data.Clone();
        foreach (var ratio in RatioFeature.Known)
        {
            if (!IsNumericColumn(data, ratio.Numerator) || !IsNumericColumn(data, ratio.Denominator) || data.Columns.IndexOf(ratio.Name) >= 0) continue;
            var numerator = ColumnValues.Singles(data.Columns[ratio.Numerator]);
            var denominator = ColumnValues.Singles(data.Columns[ratio.Denominator]);
            result.Columns.Add(new SingleDataFrameColumn(ratio.Name,
                numerator.Select((n, i) => ratio.Compute(n, denominator[i]) is var v && float.IsNaN(v) ? (float?)null : v)));
        }
        return result;
    }

    private static bool IsNumericColumn(DataFrame data, string name) =>
        data.Columns.IndexOf(name) >= 0 && ColumnValues.IsNumeric(data.Columns[name]);
}
