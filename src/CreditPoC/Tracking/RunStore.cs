using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tracking;

/// <summary>What <see cref="RunStore.RepairAbandoned"/> marked failed: how many task runs, and the pipeline runs' folders.</summary>
public sealed record AbandonedRuns(int TaskRuns, IReadOnlyList<string> PipelineRunFolders);

/// <summary>
/// Records pipeline runs and task runs: parameters, times, status, metrics, artifacts, input fingerprints and the
/// code version. A run left "running" by a process that died is marked failed the next time the store is used.
/// </summary>
public sealed class RunStore(StoreDatabase database)
{
    public RunStore(string path) : this(new StoreDatabase(path)) { }

    public StoreDatabase Database { get; } = database;

    public void StartPipelineRun(string id, DateOnly runDate, string folder, string? codeVersion)
    {
        Database.Use(connection =>
        {
            StoreDatabase.Execute(connection,
                """
                INSERT INTO pipeline_runs (id, run_date, folder, started_at, status, code_version, host, process_id)
                VALUES ($id, $date, $folder, $t, $s, $code, $host, $pid);
                """,
                null, ("$id", id), ("$date", runDate.ToString("yyyy-MM-dd")), ("$folder", folder), ("$t", StoreDatabase.Now()),
                ("$s", RunStatus.Running), ("$code", codeVersion), ("$host", Environment.MachineName), ("$pid", Environment.ProcessId));
        });
    }

    public bool HasPipelineRun(string id)
    {
        return Database.Use(connection =>
        {
            using var command = StoreDatabase.Command(connection, "SELECT COUNT(*) FROM pipeline_runs WHERE id = $id;", null, ("$id", id));
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        });
    }

    /// <summary>The pipeline run <paramref name="id"/>, or null when the store has none by that id.</summary>
    public PipelineRunRecord? GetPipelineRun(string id) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            "SELECT id, run_date, folder, started_at, ended_at, status FROM pipeline_runs WHERE id = $id;", null, ("$id", id));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new PipelineRunRecord(reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(2), StoreDatabase.ParseTime(reader.GetString(3)),
                reader.IsDBNull(4) ? null : StoreDatabase.ParseTime(reader.GetString(4)), reader.GetString(5))
            : null;
    });

    /// <summary>
    /// Marks an earlier pipeline run as running again in this process, for a rerun of some of its tasks in its folder
    /// (<c>pipeline --resume</c>): a rerun killed part-way is then found and mended like any run.
    /// </summary>
    public void ResumePipelineRun(string id)
    {
        Database.Use(connection =>
        {
            StoreDatabase.Execute(connection,
                "UPDATE pipeline_runs SET status = $s, ended_at = NULL, host = $host, process_id = $pid WHERE id = $id;", null,
                ("$s", RunStatus.Running), ("$host", Environment.MachineName), ("$pid", Environment.ProcessId), ("$id", id));
        });
    }

    /// <summary>The newest attempt of each task of a pipeline run (task → its run record).</summary>
    public IReadOnlyDictionary<string, RunRecord> LatestAttempts(string pipelineRunId) =>
        QueryRuns("WHERE pipeline_run_id = $p ORDER BY attempt, id", ("$p", pipelineRunId))
            .GroupBy(r => r.Task, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>The highest attempt of <paramref name="task"/> recorded in the pipeline run (0 when it never ran there).</summary>
    public int LastAttempt(string pipelineRunId, string task) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            "SELECT COALESCE(MAX(attempt), 0) FROM runs WHERE pipeline_run_id = $p AND task = $t;", null, ("$p", pipelineRunId), ("$t", task));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });

    public void FinishPipelineRun(string id, string status)
    {
        Database.Use(connection =>
        {
            StoreDatabase.Execute(connection, "UPDATE pipeline_runs SET ended_at = $t, status = $s WHERE id = $id;", null,
                ("$t", StoreDatabase.Now()), ("$s", status), ("$id", id));
        });
    }

    /// <summary>Records the start of a task run and returns its id. <paramref name="attempt"/> is 2 or more for a rerun of the task in its pipeline run's folder.</summary>
    public long StartRun(string task, string notebook, IReadOnlyDictionary<string, string> parameters,
        string? pipelineRunId = null, IReadOnlyDictionary<string, string>? inputFingerprints = null, string? codeVersion = null, int attempt = 1)
    {
        return Database.Use(connection =>
        {
            using var command = StoreDatabase.Command(connection, """
                INSERT INTO runs (pipeline_run_id, task, notebook, parameters, started_at, status, input_fingerprints, code_version, host, process_id, attempt)
                VALUES ($p, $task, $nb, $params, $t, $s, $fp, $code, $host, $pid, $attempt) RETURNING id;
                """, null, ("$attempt", attempt),
                ("$p", pipelineRunId), ("$task", task), ("$nb", notebook), ("$params", StoreDatabase.ToJson(parameters)),
                ("$t", StoreDatabase.Now()), ("$s", RunStatus.Running),
                ("$fp", StoreDatabase.ToJson(inputFingerprints ?? new Dictionary<string, string>())), ("$code", codeVersion),
                ("$host", Environment.MachineName), ("$pid", Environment.ProcessId));
            return (long)command.ExecuteScalar()!;
        });
    }

    /// <summary>Adds metrics to a run (a metric logged twice keeps the last value).</summary>
    public void LogMetrics(long runId, IReadOnlyDictionary<string, double> metrics) =>
        Merge(runId, "metrics", metrics);

    /// <summary>Adds named artifact paths to a run.</summary>
    public void LogArtifacts(long runId, IReadOnlyDictionary<string, string> artifacts) =>
        Merge(runId, "artifacts", artifacts);

    /// <summary>Adds input files and their content hashes to a run.</summary>
    public void LogInputs(long runId, IReadOnlyDictionary<string, string> fingerprints) =>
        Merge(runId, "input_fingerprints", fingerprints);

    public void FinishRun(long runId, string status, string? error = null)
    {
        Database.Use(connection =>
        {
            StoreDatabase.Execute(connection, "UPDATE runs SET ended_at = $t, status = $s, error = $e WHERE id = $id;", null,
                ("$t", StoreDatabase.Now()), ("$s", status), ("$e", error), ("$id", runId));
        });
    }

    public RunRecord? GetRun(long id) => QueryRuns("WHERE id = $id", ("$id", id)).FirstOrDefault();

    public IReadOnlyList<RunRecord> ListRuns(int limit = 50, string? pipelineRunId = null) => pipelineRunId is null
        ? QueryRuns("ORDER BY id DESC LIMIT $n", ("$n", limit))
        : QueryRuns("WHERE pipeline_run_id = $p ORDER BY id DESC LIMIT $n", ("$p", pipelineRunId), ("$n", limit));

    /// <summary>
    /// Marks as failed every run still "running" whose process is gone (killed, crashed, machine restarted), so no
    /// run stays running forever. Returns how many task runs were marked.
    /// </summary>
    public int MarkAbandonedRunsFailed() => RepairAbandoned().TaskRuns;

    /// <summary>
    /// Marks abandoned runs failed (see <see cref="MarkAbandonedRunsFailed"/>) and returns the folders of the pipeline
    /// runs among them, so that their <c>summary.json</c> can be mended too.
    /// </summary>
    public AbandonedRuns RepairAbandoned() => Database.Use(connection =>
    {
        var pipelines = MarkAbandoned(connection, "pipeline_runs", "folder");
        return new AbandonedRuns(MarkAbandoned(connection, "runs", null).Count, pipelines);
    });

    /// <returns>The marked rows' <paramref name="column"/> values (their ids when null).</returns>
    private static List<string> MarkAbandoned(SqliteConnection connection, string table, string? column)
    {
        var abandoned = new List<(object Id, string Value)>();
        using (var command = StoreDatabase.Command(connection, $"SELECT id, host, process_id, {column ?? "id"} FROM {table} WHERE status = $s;", null, ("$s", RunStatus.Running)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                if (!IsAlive(reader.GetString(1), reader.GetInt32(2)))
                    abandoned.Add((reader.GetValue(0), Convert.ToString(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }
        var errorColumn = table == "runs" ? ", error = COALESCE(error, $e)" : "";
        foreach (var (id, _) in abandoned)
            StoreDatabase.Execute(connection, $"UPDATE {table} SET status = $s, ended_at = COALESCE(ended_at, $t){errorColumn} WHERE id = $id;", null,
                ("$s", RunStatus.Failed), ("$t", StoreDatabase.Now()), ("$e", InterruptedError), ("$id", id));
        return abandoned.Select(a => a.Value).ToList();
    }

    /// <summary>The error of a run whose process ended while it was running.</summary>
    public const string InterruptedError = "interrupted: the process running it ended before it finished";

    /// <summary>Whether the process that wrote a row may still be running it: on this machine, and alive.</summary>
    internal static bool IsAlive(string host, int processId)
    {
        if (host != Environment.MachineName) return false;
        if (processId == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private void Merge<T>(long runId, string column, IReadOnlyDictionary<string, T> values)
    {
        Database.Use(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var read = StoreDatabase.Command(connection, $"SELECT {column} FROM runs WHERE id = $id;", transaction, ("$id", runId));
            var json = read.ExecuteScalar() as string ?? throw new UserFacingException($"run {runId} is not in the run store {Database.Path}");
            var merged = StoreDatabase.FromJson<Dictionary<string, T>>(json);
            foreach (var (key, value) in values) merged[key] = value;
            StoreDatabase.Execute(connection, $"UPDATE runs SET {column} = $v WHERE id = $id;", transaction, ("$v", StoreDatabase.ToJson(merged)), ("$id", runId));
            transaction.Commit();
        });
    }

    private List<RunRecord> QueryRuns(string where, params (string, object?)[] parameters)
    {
        return Database.Use(connection =>
        {
            using var command = StoreDatabase.Command(connection, $"""
                SELECT id, pipeline_run_id, task, notebook, parameters, started_at, ended_at, status, metrics, artifacts,
                       input_fingerprints, code_version, error, attempt FROM runs {where};
                """, null, parameters);
            using var reader = command.ExecuteReader();
            var runs = new List<RunRecord>();
            while (reader.Read())
                runs.Add(new RunRecord(
                    reader.GetInt64(0), NullableString(reader, 1), reader.GetString(2), reader.GetString(3),
                    StoreDatabase.FromJson<Dictionary<string, string>>(reader.GetString(4)),
                    StoreDatabase.ParseTime(reader.GetString(5)),
                    reader.IsDBNull(6) ? null : StoreDatabase.ParseTime(reader.GetString(6)),
                    reader.GetString(7),
                    StoreDatabase.FromJson<Dictionary<string, double>>(reader.GetString(8)),
                    StoreDatabase.FromJson<Dictionary<string, string>>(reader.GetString(9)),
                    StoreDatabase.FromJson<Dictionary<string, string>>(reader.GetString(10)),
                    NullableString(reader, 11), NullableString(reader, 12)) { Attempt = reader.GetInt32(13) });
            return runs;
        });
    }

    internal static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
