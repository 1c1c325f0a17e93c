using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Scorecards;
using CreditPoC.Tables;
using Microsoft.Data.Analysis;

namespace CreditPoC.Trial;

/// <summary>What <c>inference</c> decided for the day's applications.</summary>
public sealed record InferenceResult(
    string PredictionsPath, int Applications, int Approved, int Rejected, int Review, int DecidedByRule, int Flagged,
    double ExpectedDefaultRateAmongApprovals, DataFrame Predictions)
{
    /// <summary>The kind of the model that scored the day (lightgbm, scorecard, ...).</summary>
    public string ModelKind { get; init; } = ModelKinds.LightGbm;

    /// <summary>Applications with a value outside every bin of the scorecard (scored as missing, flagged <c>outside_bins:NAME</c>).</summary>
    public int OutsideBins { get; init; }

    public int Automated => Approved + Rejected;
    public double AutomatedShare => Applications == 0 ? 0 : Automated / (double)Applications;

    /// <summary>The first <paramref name="rows"/> predictions (fewer on a small day, none on a day with no applications).</summary>
    public DataFrame First(int rows = 10) => Predictions.Rows.Count <= rows ? Predictions : Predictions.Head(rows);
}

/// <summary>
/// The trial's <c>inference</c> block: scores the day's feature table with the serving model, decides in two
/// stages (screening rules, then score bands) and writes <c>predictions.csv</c>: id, score, decision, the rules that
/// fired, the top reasons and the row's flags. A scorecard adds its points after the score (rounded to whole points
/// for the reader; the score is the probability of the unrounded points), gives its reasons in points lost against each
/// characteristic's best bin, and flags a value outside every bin (<c>outside_bins:NAME</c>).
/// </summary>
public static class Inference
{
    public static InferenceResult Score(string featuresPath, TableSchema schema, IScoringModel model, DecisionPolicy policy,
        ScoreBands bands, string predictionsPath, int reasons = 3)
    {
        var data = TableFile.Load(featuresPath, schema, strict: false, allowNoRows: true);
        var missing = model.InputColumns.Where(c => !data.Columns.Any(d => d.Name == c)).ToList();
        if (missing.Count > 0)
            throw new UserFacingException($"{featuresPath} lacks column(s) the model needs: {NameList.Shorten(missing)}");

        var card = model is ScorecardModel scorecard ? scorecard.Score(data, reasons) : null;
        var explanations = card is null ? model.Explain(data, reasons)
            : card.Select((c, row) => new ApplicantExplanation(row, c.Probability, c.Reasons)).ToList();
        var scores = explanations.Select(e => e.Probability).ToArray();
        var decisions = Learner.DecideAll(data, scores, policy, bands);
        var flags = data.Columns.Any(c => c.Name == FeatureEngineering.FlagsColumn)
            ? ColumnValues.Texts(data.Columns[FeatureEngineering.FlagsColumn])
            : new string?[data.Rows.Count];
        if (card is not null)
            flags = flags.Select((f, row) => string.Join(';', new[] { f, card[row].Flags }.Where(x => !string.IsNullOrEmpty(x)))).ToArray();

        var idName = schema.IdColumn ?? "row";
        var ids = schema.IdColumn is { } id && data.Columns.Any(c => c.Name == id)
            ? ColumnValues.Texts(data.Columns[id])
            : Enumerable.Range(1, scores.Length).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var predictions = new DataFrame(
            new StringDataFrameColumn(idName, ids),
            new DoubleDataFrameColumn("score", scores));
        if (card is not null) predictions.Columns.Add(new Int64DataFrameColumn("points", card.Select(c => c.DisplayPoints)));
        predictions.Columns.Add(new StringDataFrameColumn("decision", decisions.Select(d => d.Label)));
        predictions.Columns.Add(new StringDataFrameColumn("rules", decisions.Select(d => string.Join(";", d.FiredRules))));
        predictions.Columns.Add(new StringDataFrameColumn("reasons", explanations.Select(e => e.ReasonText)));
        predictions.Columns.Add(new StringDataFrameColumn("flags", flags.Select(f => f ?? "")));
        CsvTableWriter.Write(predictions, predictionsPath);

        var approved = Enumerable.Range(0, scores.Length).Where(i => decisions[i].Outcome == DecisionOutcome.Approve).ToList();
        return new InferenceResult(
            Path.GetFullPath(predictionsPath), scores.Length, approved.Count,
            decisions.Count(d => d.Outcome == DecisionOutcome.Reject), decisions.Count(d => d.Outcome == DecisionOutcome.Review),
            decisions.Count(d => d.DecidedByRule), flags.Count(f => !string.IsNullOrEmpty(f)),
            approved.Count == 0 ? 0 : approved.Average(i => scores[i]), predictions)
        {
            ModelKind = model.Kind,
            OutsideBins = card?.Count(c => c.OutsideBins.Count > 0) ?? 0,
        };
    }
}
