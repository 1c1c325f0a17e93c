using System.Globalization;
using CreditPoC.Metrics;

namespace CreditPoC.Monitoring;

/// <summary>How the model did on the applications of one week, as far as their outcomes are known.</summary>
public sealed record WeeklyPerformance(
    DateOnly WeekStart, int Applications, int Matured, double? Auc, double? DefaultRate,
    double? ApprovalAccuracy, double? AutomatedAccuracy, double AutomatedShare);

/// <summary>
/// Performance by application week as outcomes mature: AUC, default rate, the share of approvals that repaid and
/// the accuracy of all automated decisions. Weeks start on Monday.
/// </summary>
public static class PerformanceOverTime
{
    /// <param name="decisions">approve, reject or review per application.</param>
    /// <param name="defaulted">The outcome, or null while it has not arrived.</param>
    public static IReadOnlyList<WeeklyPerformance> ByWeek(IReadOnlyList<DateOnly> applicationDates, IReadOnlyList<double> scores,
        IReadOnlyList<string> decisions, IReadOnlyList<bool?> defaulted)
    {
        return Enumerable.Range(0, applicationDates.Count)
            .GroupBy(i => WeekStart(applicationDates[i]))
            .OrderBy(g => g.Key)
            .Select(week =>
            {
                var all = week.ToList();
                var matured = all.Where(i => defaulted[i] is not null).ToList();
                var labels = matured.Select(i => defaulted[i]!.Value).ToList();
                var bothClasses = labels.Contains(true) && labels.Contains(false);
                var approvals = matured.Where(i => decisions[i] == "approve").ToList();
                var automated = matured.Where(i => decisions[i] is "approve" or "reject").ToList();
                return new WeeklyPerformance(
                    week.Key, all.Count, matured.Count,
                    bothClasses ? RocAuc.Compute(matured.Select(i => scores[i]).ToList(), labels) : null,
                    matured.Count == 0 ? null : labels.Count(l => l) / (double)matured.Count,
                    approvals.Count == 0 ? null : approvals.Count(i => defaulted[i] == false) / (double)approvals.Count,
                    automated.Count == 0 ? null : automated.Count(i => (decisions[i] == "approve") == (defaulted[i] == false)) / (double)automated.Count,
                    all.Count(i => decisions[i] is "approve" or "reject") / (double)all.Count);
            })
            .ToList();
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static string Label(DateOnly weekStart) => weekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
