using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CreditPoC.Decisions;
using CreditPoC.Loading;
using CreditPoC.Modeling;
using CreditPoC.Tracking;
using CreditPoC.Trial;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Web.Tests;

/// <summary>
/// Serving by kind: a scorecard promoted to Production is served by the next API call with its points and reasons in
/// points, and a model registered by the code before the registry recorded kinds (the fixture store-v4-lightgbm, made
/// at commit ccfa711) migrates, loads and serves.
/// </summary>
[TestClass]
public sealed class ScorecardServingTests
{
    private static Dictionary<string, object?> ApplicationJson(int row)
    {
        var schema = TableSchemaYaml.Load(Path.Combine(TrialWorld.Instance.Root, "parameters", "schema.yaml"));
        var json = new Dictionary<string, object?>();
        foreach (var (name, text) in TrialWorld.Instance.Application(TrialWorld.DecidedDay, row))
            json[name] = text.Length == 0 ? null : schema.Find(name)!.IsNumeric ? double.Parse(text, CultureInfo.InvariantCulture) : text;
        return json;
    }

    private static string DayFeatures =>
        Path.Combine(TrialWorld.Instance.Runs, TrialWorld.DecidedDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), TrialWorld.RunId, "features_test.parquet");

    private static async Task<JsonElement> Score(HttpClient client, object application, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/score")
        {
            Content = new StringContent(JsonSerializer.Serialize(application), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? TrialWorld.Instance.ApiKey);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [TestMethod]
    public async Task AScorecardPromotedToProductionIsServedByTheNextCallWithPointsAndReasonsInPoints()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("runs"));
        var store = Path.Combine(temp.Path, "runs", "creditpoc.db");
        new StoreDatabase(TrialWorld.Instance.StorePath).Backup(store);
        StoreAndServingTests.CopyParameters(temp.Path);
        var schema = TableSchemaYaml.Load(Path.Combine(temp.Path, "parameters", "schema.yaml"));
        var policy = DecisionPolicy.Load(Path.Combine(temp.Path, "parameters", "decision_policy.yaml"));
        var learned = Learner.Learn(Path.Combine(TrialWorld.Instance.Root, "work", "features_train.parquet"), schema, null, policy,
            temp.File("model/scorecard.yaml"), 1, 42, modelKind: "scorecard");
        var registry = new ModelRegistry(store);
        var scorecard = registry.Register(learned.ModelPath, learned.Metrics, null, true, [], learned.Model.Kind);
        var application = ApplicationJson(3);

        using var host = new WebHost(temp.Path);
        var client = host.Anonymous();
        var before = await Score(client, application);
        Assert.AreEqual(TrialWorld.Instance.ModelVersion, before.GetProperty("model_version").GetInt64(), "LightGBM serves until the scorecard is promoted");
        Assert.AreEqual("lightgbm", before.GetProperty("model_kind").GetString());
        Assert.IsFalse(before.TryGetProperty("points", out _));

        registry.Transition(scorecard, ModelStage.Production);
        var body = await Score(client, application);

        Assert.AreEqual(scorecard, body.GetProperty("model_version").GetInt64());
        Assert.AreEqual("scorecard", body.GetProperty("model_kind").GetString());
        // The API agrees with the day's inference by the same scorecard: score, points, decision and reasons.
        var day = Inference.Score(DayFeatures, schema, learned.Model, policy, learned.Bands, temp.File("predictions.csv"));
        var id = Convert.ToString(application["SK_ID_CURR"], CultureInfo.InvariantCulture);
        var row = Enumerable.Range(0, day.Applications).Single(r => (string)day.Predictions.Columns["SK_ID_CURR"][r] == id);
        Assert.AreEqual((double)day.Predictions.Columns["score"][row], body.GetProperty("score").GetDouble(), 1e-9);
        Assert.AreEqual((long)day.Predictions.Columns["points"][row], body.GetProperty("points").GetInt64());
        Assert.AreEqual((string)day.Predictions.Columns["decision"][row], body.GetProperty("decision").GetString());
        var reasons = body.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.AreEqual((string)day.Predictions.Columns["reasons"][row], string.Join("; ", reasons));
        Assert.IsTrue(reasons.All(r => r.EndsWith(" points", StringComparison.Ordinal)), string.Join("; ", reasons));
        Assert.AreEqual(JsonValueKind.Array, body.GetProperty("flags").ValueKind);
        Console.WriteLine($"application {id}: {body.GetProperty("points").GetInt64()} points, score {body.GetProperty("score").GetDouble():F4}, " +
                          $"{body.GetProperty("decision").GetString()}; {string.Join("; ", reasons)}");

        // The batch CSV carries the points too, after the score, and the flags at the end.
        var lines = File.ReadLines(new DailyFiles(TrialWorld.Instance.Raw).ApplicationsOf(TrialWorld.DecidedDay)).Take(6).ToList();
        var batch = new HttpRequestMessage(HttpMethod.Post, "/api/v1/score/batch") { Content = new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "text/csv") };
        batch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TrialWorld.Instance.ApiKey);
        var csv = (await (await client.SendAsync(batch)).Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.AreEqual("application_id,score,points,decision,rules,reasons,model_version,flags", csv[0], string.Join('\n', csv));
        Assert.HasCount(6, csv);
        foreach (var line in csv.Skip(1).Select(TrialWorld.CsvLine))
        {
            var at = Enumerable.Range(0, day.Applications).Single(r => (string)day.Predictions.Columns["SK_ID_CURR"][r] == line[0]);
            Assert.AreEqual((long)day.Predictions.Columns["points"][at], long.Parse(line[2], CultureInfo.InvariantCulture));
            Assert.AreEqual((string)day.Predictions.Columns["reasons"][at], line[5]);
        }

        // The models page names each version's kind.
        var page = await (await host.SignedIn(Roles.Admin)).GetStringAsync("/models");
        StringAssert.Contains(page, $"<td>{scorecard}</td><td>scorecard</td>");
        StringAssert.Contains(page, $"<td>{TrialWorld.Instance.ModelVersion}</td><td>lightgbm</td>");

        // A value outside every bin is scored as missing and flagged in the answer.
        var card = learned.Scorecard!.Card;
        var text = card.Characteristics.FirstOrDefault(c => !c.IsNumeric && c.Find("a level no training row had") is null);
        if (text is not null && schema.Find(text.Name)!.Categories is not { Count: > 0 })
        {
            var odd = new Dictionary<string, object?>(application) { [text.Name] = "a level no training row had" };
            var flagged = await Score(client, odd);
            CollectionAssert.Contains(flagged.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList(), $"outside_bins:{text.Name}");
        }
        SqliteConnection.ClearAllPools();
    }

    [TestMethod]
    public async Task AModelRegisteredBeforeKindsWereRecordedMigratesLoadsAndServes()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("runs"));
        var store = Path.Combine(temp.Path, "runs", "creditpoc.db");
        File.Copy(Fixtures.Path("store-v4-lightgbm", "creditpoc.db"), store);
        var modelPath = temp.File("model/model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        File.Copy(Fixtures.Path("store-v4-lightgbm", "model", "model.zip"), modelPath);
        // The old store names the model where the fixture was made: point it here without the new code opening (and migrating) the store.
        using (var connection = new SqliteConnection($"Data Source={store}"))
        {
            connection.Open();
            using var version = new SqliteCommand("SELECT MAX(version) FROM schema_migrations", connection);
            Assert.AreEqual(4L, (long)version.ExecuteScalar()!, "the fixture is a store at schema version 4");
            using var update = new SqliteCommand("UPDATE models SET path = $p", connection);
            update.Parameters.AddWithValue("$p", modelPath);
            update.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        StoreAndServingTests.CopyParameters(temp.Path);

        var database = new StoreDatabase(store);
        Assert.AreEqual(StoreDatabase.LatestVersion, database.SchemaVersion());
        var old = new ModelRegistry(database).Serving()!;
        Assert.AreEqual("lightgbm", old.Kind);
        Assert.AreEqual(ModelStage.Production, old.Stage);
        Assert.AreEqual("lightgbm", ModelKinds.Of(modelPath), "the old zip's own metadata says the same");
        var serving = TrialModels.Serving(new RunContext(Path.Combine(temp.Path, "runs"), store));
        Assert.IsInstanceOfType<TrainedModel>(serving.Model);
        Assert.IsNull(serving.Scorecard);

        var schema = TableSchemaYaml.Load(Path.Combine(temp.Path, "parameters", "schema.yaml"));
        var policy = DecisionPolicy.Load(Path.Combine(temp.Path, "parameters", "decision_policy.yaml"));
        var day = Inference.Score(DayFeatures, schema, serving.Model, policy, serving.Bands, temp.File("predictions.csv"));
        Assert.AreEqual("SK_ID_CURR,score,decision,rules,reasons,flags", File.ReadLines(temp.File("predictions.csv")).First());
        Assert.IsGreaterThan(0, day.Applications);

        var key = new AccessStore(database).AddApiKey("test-client", "test");
        using var host = new WebHost(temp.Path);
        var application = ApplicationJson(5);
        var body = await Score(host.Anonymous(), application, key);
        Assert.AreEqual(old.Version, body.GetProperty("model_version").GetInt64());
        Assert.AreEqual("lightgbm", body.GetProperty("model_kind").GetString());
        var id = Convert.ToString(application["SK_ID_CURR"], CultureInfo.InvariantCulture);
        var row = Enumerable.Range(0, day.Applications).Single(r => (string)day.Predictions.Columns["SK_ID_CURR"][r] == id);
        Assert.AreEqual((double)day.Predictions.Columns["score"][row], body.GetProperty("score").GetDouble(), 1e-6);
        SqliteConnection.ClearAllPools();
    }
}
