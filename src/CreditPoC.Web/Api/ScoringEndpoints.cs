using System.Globalization;
using System.Text;
using System.Text.Json;
using CreditPoC.Loading;
using CreditPoC.Web.Services;
using Microsoft.Data.Analysis;

namespace CreditPoC.Web.Api;

/// <summary>
/// The API for other systems, by API key: <c>POST /api/v1/score</c> (one JSON application), <c>POST /api/v1/score/batch</c>
/// (CSV in, CSV out) and the Open Inference Protocol (KServe V2) core for model <c>credit-default</c>.
/// </summary>
public static class ScoringEndpoints
{
    public const string ModelName = "credit-default";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("").RequireAuthorization(WebApp.ApiPolicy);
        api.MapPost("/api/v1/score", ScoreOne);
        api.MapPost("/api/v1/score/batch", ScoreBatch);
        api.MapGet("/v2/models/" + ModelName, Metadata);
        api.MapGet("/v2/models/" + ModelName + "/ready", ModelReady);
        api.MapPost("/v2/models/" + ModelName + "/infer", Infer);
        // Health probes answer without a key, as load balancers and Kubernetes probes call them.
        app.MapGet("/v2/health/live", () => Results.Ok(new { live = true })).AllowAnonymous();
        app.MapGet("/v2/health/ready", (ServingModels models) =>
            models.Current(out _) is null ? Results.Json(new { ready = false }, statusCode: 503) : Results.Ok(new { ready = true })).AllowAnonymous();
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static async Task<IResult> Guard(Func<Task<IResult>> work)
    {
        try
        {
            return await work();
        }
        catch (BadRequestException e) { return Error(400, e.Message); }
        catch (UserFacingException e) { return Error(400, e.Message); }
        catch (NoModelException e) { return Error(503, e.Message); }
        catch (JsonException e) { return Error(400, $"the body is not valid JSON: {e.Message}"); }
    }

    private static Task<IResult> ScoreOne(HttpContext context, ScoringService scoring) => Guard(async () =>
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var row = scoring.ParseApplication(json.RootElement);
        var result = await scoring.ScoreOneAsync(row, json.RootElement.GetRawText(), context.User.UserName(), context.RequestAborted);
        var body = new Dictionary<string, object?>
        {
            ["score"] = result.Score,
            ["decision"] = result.Decision,
            ["rules"] = result.Rules,
            ["reasons"] = result.Reasons,
            ["model_version"] = result.ModelVersion,
            ["model_kind"] = result.Kind,
        };
        // A scorecard's points (rounded for display) and its outside-bins flags.
        if (result.Points is { } points) body["points"] = points;
        if (result.Flags is { } flags) body["flags"] = flags;
        return Results.Json(body);
    });

    private static Task<IResult> ScoreBatch(HttpContext context, ScoringService scoring, ServingModels models, WebSettings settings) => Guard(async () =>
    {
        var temporary = Path.Combine(Path.GetTempPath(), $"creditpoc-batch-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var file = File.Create(temporary))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    total += read;
                    if (total > settings.MaxUploadBytes) return Error(413, $"the CSV is larger than the limit of {settings.MaxUploadBytes / (1 << 20):N0} MiB");
                    await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                }
            }
            DataFrame data;
            try
            {
                data = scoring.LoadCsv(temporary);
            }
            catch (UserFacingException e)
            {
                return Error(400, e.Message.Replace(temporary, "the request body", StringComparison.Ordinal));
            }
            var results = await scoring.ScoreAsync(data, context.User.UserName(), context.RequestAborted);
            // A scorecard adds its points after the score and its outside-bins flags at the end, as in predictions.csv.
            var card = results.Count > 0 ? results[0].Points is not null : models.Current(out _)?.Scorecard is not null;
            var csv = new StringBuilder(card ? "application_id,score,points,decision,rules,reasons,model_version,flags\n" : "application_id,score,decision,rules,reasons,model_version\n");
            foreach (var r in results)
            {
                var fields = new List<string> { DayViews.Csv(r.ApplicationId), r.Score.ToString("R", CultureInfo.InvariantCulture) };
                if (card) fields.Add(r.Points!.Value.ToString(CultureInfo.InvariantCulture));
                fields.AddRange([r.Decision, DayViews.Csv(string.Join(';', r.Rules)), DayViews.Csv(string.Join("; ", r.Reasons)), r.ModelVersion.ToString(CultureInfo.InvariantCulture)]);
                if (card) fields.Add(DayViews.Csv(string.Join(';', r.Flags ?? [])));
                csv.AppendJoin(',', fields).Append('\n');
            }
            return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
        }
        finally
        {
            File.Delete(temporary);
        }
    });

    private static IResult Metadata(ScoringService scoring, ServingModels models)
    {
        var serving = models.Current(out var whyNot);
        if (serving is null) return Error(503, whyNot!);
        return Results.Json(new
        {
            name = ModelName,
            versions = new[] { serving.Version.ToString(CultureInfo.InvariantCulture) },
            platform = serving.Kind == CreditPoC.Modeling.ModelKinds.Scorecard ? "scorecard" : "mlnet",
            inputs = scoring.ApplicationSchema.Columns.Select(c => new { name = c.Name, datatype = c.IsNumeric ? "FP64" : "BYTES", shape = new[] { -1 } }),
            outputs = new object[]
            {
                new { name = "score", datatype = "FP64", shape = new[] { -1 } },
                new { name = "decision", datatype = "BYTES", shape = new[] { -1 } },
                new { name = "rules", datatype = "BYTES", shape = new[] { -1 } },
                new { name = "reasons", datatype = "BYTES", shape = new[] { -1 } },
            },
        });
    }

    private static IResult ModelReady(ServingModels models) =>
        models.Current(out _) is null ? Results.Json(new { name = ModelName, ready = false }, statusCode: 503) : Results.Ok(new { name = ModelName, ready = true });

    /// <summary>KServe V2 inference: one input tensor per column (FP64 numbers, BYTES text), all of the same length.</summary>
    private static Task<IResult> Infer(HttpContext context, ScoringService scoring) => Guard(async () =>
    {
        using var json = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            throw new BadRequestException("the request must be a JSON object with an 'inputs' array (Open Inference Protocol)");
        var schema = scoring.ApplicationSchema;
        int? rows = null;
        var values = new Dictionary<string, object?[]>(StringComparer.Ordinal);
        foreach (var input in inputs.EnumerateArray())
        {
            var name = input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new BadRequestException("every input needs a 'name'");
            var column = schema.Find(name) ?? throw new BadRequestException($"unknown input '{name}': not a column of the schema");
            var datatype = input.TryGetProperty("datatype", out var t) ? t.GetString() : null;
            var expected = column.IsNumeric ? "FP64" : "BYTES";
            if (datatype != expected) throw new BadRequestException($"input '{name}' must have datatype {expected}, got {datatype ?? "none"}");
            if (!input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array) throw new BadRequestException($"input '{name}' needs a 'data' array");
            var items = data.EnumerateArray().Select(v => v.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when column.IsNumeric => (object?)v.GetDouble(),
                JsonValueKind.String when !column.IsNumeric => v.GetString(),
                _ => throw new BadRequestException($"input '{name}' holds a {v.ValueKind.ToString().ToLowerInvariant()} where {expected} data is expected"),
            }).ToArray();
            if (input.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() > 0
                && shape[0].TryGetInt32(out var declared) && declared != items.Length)
                throw new BadRequestException($"input '{name}' has shape [{declared}] but {items.Length} values");
            if (rows is not null && rows != items.Length) throw new BadRequestException($"input '{name}' has {items.Length} values, the others {rows}");
            rows = items.Length;
            values[name] = items;
        }
        if (rows is null or 0) throw new BadRequestException("no input tensors: send one per column");
        var table = Enumerable.Range(0, rows.Value).Select(i => (IReadOnlyDictionary<string, object?>)values.ToDictionary(kv => kv.Key, kv => kv.Value[i])).ToList();
        var results = await scoring.ScoreAsync(scoring.Frame(table), context.User.UserName(), context.RequestAborted);
        var shapeOut = new[] { results.Count };
        return Results.Json(new
        {
            model_name = ModelName,
            model_version = results[0].ModelVersion.ToString(CultureInfo.InvariantCulture),
            id = root.TryGetProperty("id", out var id) ? id.ToString() : null,
            outputs = new object[]
            {
                new { name = "score", datatype = "FP64", shape = shapeOut, data = results.Select(r => r.Score) },
                new { name = "decision", datatype = "BYTES", shape = shapeOut, data = results.Select(r => r.Decision) },
                new { name = "rules", datatype = "BYTES", shape = shapeOut, data = results.Select(r => string.Join(';', r.Rules)) },
                new { name = "reasons", datatype = "BYTES", shape = shapeOut, data = results.Select(r => string.Join("; ", r.Reasons)) },
            },
        });
    });
}
