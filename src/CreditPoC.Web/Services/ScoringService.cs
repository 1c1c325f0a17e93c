using System.Globalization;
using System.Text.Json;
using CreditPoC.Loading;
using CreditPoC.Scorecards;
using CreditPoC.Tracking;
using CreditPoC.Trial;
using Microsoft.Data.Analysis;

namespace CreditPoC.Web.Services;

/// <summary>A request the API refuses, naming the field or line at fault.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>No model may serve (nothing registered, or every version failed the gate).</summary>
public sealed class NoModelException(string message) : Exception(message);

/// <param name="Kind">The serving model's kind (lightgbm, scorecard, ...).</param>
/// <param name="Points">A scorecard's points, rounded for display (the score is the probability of the unrounded points); null for other kinds.</param>
/// <param name="Flags">A scorecard's <c>outside_bins:NAME</c> flags for values outside every bin; empty for other kinds.</param>
public sealed record ScoreResult(string? ApplicationId, double Score, string Decision, IReadOnlyList<string> Rules, IReadOnlyList<string> Reasons, long ModelVersion,
    string Kind = CreditPoC.Modeling.ModelKinds.LightGbm, long? Points = null, IReadOnlyList<string>? Flags = null);

/// <summary>
/// Scores applications with the serving model as the daily inference does: the model's score with its top reasons,
/// then the decision policy (screening rules first, then the score bands). Every decision is queued for the record.
/// A scorecard adds its points, its reasons are in points lost against each characteristic's best bin, and a value
/// outside every bin is flagged.
/// </summary>
public sealed class ScoringService(WebSettings settings, ServingModels models, DecisionRecorder recorder)
{
    public const int ReasonCount = 3;

    private TableSchema? _applicationSchema;

    /// <summary>The schema's columns known when a customer applies (all but the target).</summary>
    public TableSchema ApplicationSchema => _applicationSchema ??= ForApplications(settings.LoadSchema());

    private static TableSchema ForApplications(TableSchema schema) =>
        new(schema.Columns.Where(c => c.Name != schema.TargetColumn), schema.IdColumn, null, schema.PositiveLabel);

    /// <summary>One application as a JSON object of the schema's columns: a missing or null field is a missing value.</summary>
    public Dictionary<string, object?> ParseApplication(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new BadRequestException("the body must be one JSON object: the application's columns by name");
        var schema = ApplicationSchema;
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var column = schema.Find(property.Name)
                         ?? throw new BadRequestException(property.Name == settings.LoadSchema().TargetColumn
                             ? $"field '{property.Name}' is the outcome, not known when a customer applies: leave it out"
                             : $"unknown field '{property.Name}': not a column of the schema (parameters/schema.yaml)");
            row[column.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when column.IsNumeric => property.Value.GetDouble(),
                JsonValueKind.String when !column.IsNumeric => property.Value.GetString(),
                _ => throw new BadRequestException($"field '{property.Name}' must be {(column.IsNumeric ? "a number" : "a string")} or null, got {Describe(property.Value.ValueKind)}"),
            };
        }
        return row;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A table of the schema's application columns from rows of values.</summary>
    public DataFrame Frame(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        var columns = new List<DataFrameColumn>();
        foreach (var column in ApplicationSchema.Columns)
        {
            if (column.IsNumeric)
                columns.Add(new DoubleDataFrameColumn(column.Name, rows.Select(r => r.TryGetValue(column.Name, out var v) && v is double d ? d : (double?)null)));
            else
                columns.Add(new StringDataFrameColumn(column.Name, rows.Select(r => r.TryGetValue(column.Name, out var v) ? v as string : null)));
        }
        return new DataFrame(columns);
    }

    /// <summary>Scores every row of <paramref name="data"/> and queues each decision for the record.</summary>
    public async Task<IReadOnlyList<ScoreResult>> ScoreAsync(DataFrame data, string client, CancellationToken cancellationToken)
    {
        var serving = models.Current(out var whyNot) ?? throw new NoModelException(whyNot!);
        var card = serving.Scorecard?.Score(data, ReasonCount);
        var explanations = card is null ? serving.Model.Explain(data, ReasonCount)
            : card.Select((c, row) => new CreditPoC.Modeling.ApplicantExplanation(row, c.Probability, c.Reasons)).ToList();
        var scores = explanations.Select(e => e.Probability).ToArray();
        var decisions = Learner.DecideAll(data, scores, models.Policy, serving.Bands);
        var idColumn = ApplicationSchema.IdColumn is { } id && data.Columns.Any(c => c.Name == id) ? data.Columns[id] : null;
        var results = new ScoreResult[scores.Length];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < scores.Length; i++)
        {
            var applicationId = idColumn?[i] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
            results[i] = new ScoreResult(applicationId, scores[i], decisions[i].Label, decisions[i].FiredRules,
                explanations[i].Reasons.Select(r => r.ToString()).ToList(), serving.Version, serving.Model.Kind,
                card?[i].DisplayPoints, card is null ? null : FlagsOf(card[i]));
            await recorder.RecordAsync(new ApiDecision(now, client, RowJson(data, i), serving.Version, scores[i], decisions[i].Label), cancellationToken);
        }
        return results;
    }

    /// <summary>
    /// One application (the API's path): the model's row explainer (no table is built), the policy's rules and bands,
    /// and the decision queued for the record.
    /// </summary>
    public async Task<ScoreResult> ScoreOneAsync(Dictionary<string, object?> row, string json, string client, CancellationToken cancellationToken)
    {
        var serving = models.Current(out var whyNot) ?? throw new NoModelException(whyNot!);
        if (serving.Scorecard is { } scorecard) return await ScoreOneAsync(scorecard.Scorer.Score(row, ReasonCount), serving, row, json, client, cancellationToken);
        var explanation = serving.Model.ExplainRow(row, ReasonCount);
        var decision = models.Policy.Decide(name => row.GetValueOrDefault(name), explanation.Probability, serving.Bands);
        var id = ApplicationSchema.IdColumn is { } idColumn && row.GetValueOrDefault(idColumn) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        await recorder.RecordAsync(new ApiDecision(DateTimeOffset.UtcNow, client, json, serving.Version, explanation.Probability, decision.Label), cancellationToken);
        return new ScoreResult(id, explanation.Probability, decision.Label, decision.FiredRules, explanation.Reasons.Select(r => r.ToString()).ToList(), serving.Version);
    }

    private async Task<ScoreResult> ScoreOneAsync(ScorecardScore card, ServingModel serving, Dictionary<string, object?> row, string json, string client,
        CancellationToken cancellationToken)
    {
        var decision = models.Policy.Decide(name => row.GetValueOrDefault(name), card.Probability, serving.Bands);
        var id = ApplicationSchema.IdColumn is { } idColumn && row.GetValueOrDefault(idColumn) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        await recorder.RecordAsync(new ApiDecision(DateTimeOffset.UtcNow, client, json, serving.Version, card.Probability, decision.Label), cancellationToken);
        return new ScoreResult(id, card.Probability, decision.Label, decision.FiredRules, card.Reasons.Select(r => r.ToString()).ToList(), serving.Version,
            serving.Model.Kind, card.DisplayPoints, FlagsOf(card));
    }

    private static IReadOnlyList<string> FlagsOf(ScorecardScore card) => card.Flags.Length == 0 ? [] : card.Flags.Split(';');

    /// <summary>The application as it was scored, as JSON of its non-missing values.</summary>
    private static string RowJson(DataFrame data, int row)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in data.Columns)
            if (column[row] is { } value) values[column.Name] = value;
        return JsonSerializer.Serialize(values);
    }

    /// <summary>A CSV of applications, checked like an upload: the loader's message names the line and column.</summary>
    public DataFrame LoadCsv(string path) => CsvTableLoader.Load(path, ApplicationSchema, strict: true, allowNoRows: true);
}
