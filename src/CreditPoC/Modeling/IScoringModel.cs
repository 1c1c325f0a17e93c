using Microsoft.Data.Analysis;

namespace CreditPoC.Modeling;

/// <summary>
/// What the trial's inference, its quality gate and the scoring API need from a model, whatever its kind: the
/// probability of the positive label, per row of a table or for one application given as name → value, with the
/// top reasons. <see cref="TrainedModel"/> (ML.NET models such as LightGBM) and <see cref="Scorecards.ScorecardModel"/>
/// implement it.
/// </summary>
public interface IScoringModel
{
    /// <summary>The model's kind as the registry records it: lightgbm, scorecard, or another ML.NET model id (lr, dt, rf, svm).</summary>
    string Kind { get; }

    /// <summary>The columns scoring data must have.</summary>
    IReadOnlyList<string> InputColumns { get; }

    /// <summary>The probability of the positive label for each row.</summary>
    double[] Predict(DataFrame data);

    /// <summary>For each row, its probability and the <paramref name="top"/> reasons behind it.</summary>
    IReadOnlyList<ApplicantExplanation> Explain(DataFrame data, int top = 3);

    /// <summary>The probability of one application (an API's path). Safe to call from many threads at once.</summary>
    double ScoreRow(IReadOnlyDictionary<string, object?> row);

    /// <summary>The probability and top reasons of one application (an API's path). Safe to call from many threads at once.</summary>
    ApplicantExplanation ExplainRow(IReadOnlyDictionary<string, object?> row, int top = 3);
}
