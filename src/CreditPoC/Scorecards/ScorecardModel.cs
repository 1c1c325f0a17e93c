using CreditPoC.Modeling;
using Microsoft.Data.Analysis;

namespace CreditPoC.Scorecards;

/// <summary>
/// A scorecard as a model the trial serves (<see cref="IScoringModel"/>): probabilities from its points, and reasons
/// in points lost against each characteristic's best bin. Saved and loaded as <c>scorecard.yaml</c> (<see cref="ScorecardYaml"/>).
/// </summary>
public sealed class ScorecardModel(Scorecard card) : IScoringModel
{
    public const string KindName = "scorecard";

    public ScorecardScorer Scorer { get; } = new(card);

    public Scorecard Card => card;

    public string Kind => KindName;

    /// <summary>The scorecard's characteristics.</summary>
    public IReadOnlyList<string> InputColumns { get; } = card.Characteristics.Select(c => c.Name).ToList();

    /// <summary>Each row's points, probability, reasons and the characteristics outside every bin.</summary>
    public IReadOnlyList<ScorecardScore> Score(DataFrame data, int top = 3) => Scorer.Score(data, top);

    public double[] Predict(DataFrame data) => Scorer.Score(data).Select(s => s.Probability).ToArray();

    public IReadOnlyList<ApplicantExplanation> Explain(DataFrame data, int top = 3) =>
        Scorer.Score(data, top).Select((s, row) => new ApplicantExplanation(row, s.Probability, s.Reasons)).ToList();

    public double ScoreRow(IReadOnlyDictionary<string, object?> row) => Scorer.Score(row).Probability;

    public ApplicantExplanation ExplainRow(IReadOnlyDictionary<string, object?> row, int top = 3)
    {
        var score = Scorer.Score(row, top);
        return new ApplicantExplanation(0, score.Probability, score.Reasons);
    }

    public void Save(string path) => ScorecardYaml.Save(card, path);

    public static ScorecardModel Load(string path) => new(ScorecardYaml.Load(path));
}
