using CreditPoC.Validation;
using Plotly.NET;

namespace CreditPoC.Charts;

/// <summary>Charts of a <see cref="ValidationReport"/>.</summary>
public static class ValidationCharts
{
    /// <summary>The strongest single columns by ROC AUC, leak suspects in red past the dashed threshold line.</summary>
    public static GenericChart SingleColumnAuc(ValidationReport report)
    {
        var columns = report.StrongestColumns;
        return CreditCharts.AucBars($"How well each column alone predicts the target (leak threshold {report.LeakAucThreshold:0.00})",
            columns.Select(c => c.Column).ToList(), columns.Select(c => c.Auc).ToList(), report.LeakAucThreshold);
    }
}
