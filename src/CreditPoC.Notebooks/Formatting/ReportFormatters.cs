using System.Globalization;
using CreditPoC.Modeling;
using CreditPoC.Modeling.Tuning;
using CreditPoC.Tables;

namespace CreditPoC.Notebooks.Formatting;

/// <summary>
/// The library's report types as HTML tables, so that notebooks show tables rather than fixed-width text (which
/// stays their text/plain): <see cref="ReportTable"/> (the validation and profile tables), the leaderboard, a
/// tuning search's trials, an evaluation's figures and an interpretation's feature importances.
/// </summary>
public static class ReportFormatters
{
    internal static void Register()
    {
        Formatter.Register<ReportTable>(ToHtml, Formatter.Html);
        Formatter.Register<ReportTable>(t => t.ToString(), Formatter.PlainText);
        Formatter.Register<Leaderboard>(b => Titled($"Leaderboard: {b.Folds}-fold stratified CV on {b.TrainRows:N0} training rows, sorted by {b.SortBy}",
            DataFrameFormatter.ToHtml(b.ToDisplayFrame())), Formatter.Html);
        Formatter.Register<TuningResult>(t => Titled(t.ToString(), DataFrameFormatter.ToHtml(t.ToDataFrame())), Formatter.Html);
        Formatter.Register<InterpretationReport>(r => Titled($"Feature importance of {r.Model}", DataFrameFormatter.ToHtml(r.ToDataFrame())), Formatter.Html);
        Formatter.Register<EvaluationReport>(ToHtml, Formatter.Html);
    }

    public static string ToHtml(ReportTable table) =>
        Titled(table.Note, table.Rows.Count == 0 ? "" : HtmlText.Table(table.Headers, table.Rows, null));

    public static string ToHtml(EvaluationReport e)
    {
        static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        var c = e.Confusion;
        IReadOnlyList<string>[] rows =
        [
            ["test AUC", F(e.TestAuc)], ["train AUC", F(e.TrainAuc)], ["AUC gap (train − test)", F(e.AucGap)], ["Gini", F(e.Gini)],
            ["KS", $"{F(e.KolmogorovSmirnov)} at probability {e.KsThreshold.ToString("F3", CultureInfo.InvariantCulture)}"],
            [$"confusion at {e.Threshold.ToString("G3", CultureInfo.InvariantCulture)}", $"TP {c.TruePositives}, FP {c.FalsePositives}, TN {c.TrueNegatives}, FN {c.FalseNegatives}"],
            ["recall / precision", $"{F(c.Recall)} / {F(c.Precision)}"],
            ["rows (train / test)", $"{e.TrainRows:N0} / {e.TestRows:N0}"],
        ];
        return Titled($"Evaluation of {e.Model}", HtmlText.Table(["measure", "value"], rows, null));
    }

    private static string Titled(string title, string html) =>
        title.Trim().Length == 0 ? html : string.Concat(title.Trim().Split('\n').Where(l => l.Trim().Length > 0).Select(l => $"<p>{HtmlText.Encode(l)}</p>\n")) + html;
}
