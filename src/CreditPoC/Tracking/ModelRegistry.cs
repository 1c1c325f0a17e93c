using Microsoft.Data.Sqlite;

namespace CreditPoC.Tracking;

/// <summary>
/// Registered model versions and their stages. At most one version is in Production: promoting one archives the
/// previous Production version in the same transaction. A version that failed the quality gate is promoted only
/// with an explicit override reason, which is recorded.
/// </summary>
public sealed class ModelRegistry(StoreDatabase database)
{
    public ModelRegistry(string path) : this(new StoreDatabase(path)) { }

    public StoreDatabase Database { get; } = database;

    /// <summary>Registers a model file as a new version (stage None) and returns the version number.</summary>
    /// <param name="kind">The model's kind (lightgbm, scorecard, ...); when null, read from the file (<see cref="Modeling.ModelKinds.Of"/>).</param>
    public long Register(string modelPath, IReadOnlyDictionary<string, double> metrics, long? runId = null,
        bool? gatePassed = null, IReadOnlyList<string>? gateReasons = null, string? kind = null)
    {
        kind ??= Modeling.ModelKinds.Of(modelPath);
        return Database.Use(connection =>
        {
            using var command = StoreDatabase.Command(connection, """
                INSERT INTO models (run_id, path, metrics, stage, created_at, gate_passed, gate_reasons, kind)
                VALUES ($run, $path, $metrics, $stage, $t, $gate, $reasons, $kind) RETURNING version;
                """, null,
                ("$run", runId), ("$path", Path.GetFullPath(modelPath)), ("$metrics", StoreDatabase.ToJson(metrics)),
                ("$stage", nameof(ModelStage.None)), ("$t", StoreDatabase.Now()),
                ("$gate", gatePassed is null ? null : gatePassed.Value ? 1 : 0), ("$reasons", StoreDatabase.ToJson(gateReasons ?? [])),
                ("$kind", kind));
            return (long)command.ExecuteScalar()!;
        });
    }

    /// <summary>Moves a version to a stage. Promoting to Production archives the current Production version.</summary>
    /// <param name="overrideReason">Required to promote a version that failed the quality gate; recorded with the change.</param>
    public void Transition(long version, ModelStage stage, string? overrideReason = null)
    {
        Database.Use(connection =>
        {
            using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
            var model = Query(connection, transaction, "WHERE version = $v", ("$v", version)).FirstOrDefault()
                ?? throw new UserFacingException($"model version {version} is not registered in {Database.Path}");
            if (stage is ModelStage.Production or ModelStage.Staging && model.GatePassed == false && string.IsNullOrWhiteSpace(overrideReason))
                throw new UserFacingException(
                    $"model version {version} failed the quality gate ({string.Join("; ", model.GateReasons)}); " +
                    "pass --override \"reason\" to promote it anyway");
            if (model.Stage == stage) { transaction.Rollback(); return; }

            if (stage == ModelStage.Production)
                foreach (var current in Query(connection, transaction, "WHERE stage = $s", ("$s", nameof(ModelStage.Production))))
                    Change(connection, transaction, current.Version, ModelStage.Production, ModelStage.Archived, $"replaced by version {version}");
            Change(connection, transaction, version, model.Stage, stage, overrideReason is null ? null : $"override: {overrideReason}");
            transaction.Commit();
        });
    }

    public ModelRecord? Get(long version)
    {
        return Database.Use(connection =>
        {
            return Query(connection, null, "WHERE version = $v", ("$v", version)).FirstOrDefault();
        });
    }

    public IReadOnlyList<ModelRecord> List()
    {
        return Database.Use(connection =>
        {
            return Query(connection, null, "ORDER BY version DESC");
        });
    }

    public ModelRecord? Production()
    {
        return Database.Use(connection =>
        {
            return Query(connection, null, "WHERE stage = $s", ("$s", nameof(ModelStage.Production))).FirstOrDefault();
        });
    }

    /// <summary>
    /// The model that serves: the Production version or, while none is promoted, the newest version that did not
    /// fail the quality gate. Null when there is none.
    /// </summary>
    public ModelRecord? Serving()
    {
        return Database.Use(connection =>
        {
            return Production() ?? Query(connection, null,
                "WHERE stage <> $a AND (gate_passed IS NULL OR gate_passed = 1) ORDER BY version DESC LIMIT 1", ("$a", nameof(ModelStage.Archived))).FirstOrDefault();
        });
    }

    public IReadOnlyList<StageChange> History(long version)
    {
        return Database.Use(connection =>
        {
            using var command = StoreDatabase.Command(connection,
                "SELECT version, from_stage, to_stage, changed_at, reason FROM model_stage_changes WHERE version = $v ORDER BY id;", null, ("$v", version));
            using var reader = command.ExecuteReader();
            var changes = new List<StageChange>();
            while (reader.Read())
                changes.Add(new StageChange(reader.GetInt64(0), Enum.Parse<ModelStage>(reader.GetString(1)), Enum.Parse<ModelStage>(reader.GetString(2)),
                    StoreDatabase.ParseTime(reader.GetString(3)), RunStore.NullableString(reader, 4)));
            return changes;
        });
    }

    private static void Change(SqliteConnection connection, SqliteTransaction transaction, long version, ModelStage from, ModelStage to, string? reason)
    {
        var now = StoreDatabase.Now();
        StoreDatabase.Execute(connection, "UPDATE models SET stage = $s WHERE version = $v;", transaction, ("$s", to.ToString()), ("$v", version));
        StoreDatabase.Execute(connection,
            "INSERT INTO model_stage_changes (version, from_stage, to_stage, changed_at, reason) VALUES ($v, $f, $to, $t, $r);", transaction,
            ("$v", version), ("$f", from.ToString()), ("$to", to.ToString()), ("$t", now), ("$r", reason));
    }

    private static List<ModelRecord> Query(SqliteConnection connection, SqliteTransaction? transaction, string where, params (string, object?)[] parameters)
    {
        using var command = StoreDatabase.Command(connection,
            $"SELECT version, run_id, path, metrics, stage, created_at, gate_passed, gate_reasons, kind FROM models {where};", transaction, parameters);
        using var reader = command.ExecuteReader();
        var models = new List<ModelRecord>();
        while (reader.Read())
            models.Add(new ModelRecord(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2),
                StoreDatabase.FromJson<Dictionary<string, double>>(reader.GetString(3)),
                Enum.Parse<ModelStage>(reader.GetString(4)), StoreDatabase.ParseTime(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetInt64(6) == 1,
                StoreDatabase.FromJson<List<string>>(reader.GetString(7))) { Kind = reader.GetString(8) });
        return models;
    }
}
