using System.Globalization;
using System.Text;

namespace CreditPoC.Tracking;

public static class JobStatus
{
    public const string Queued = "queued", Running = "running", Succeeded = "succeeded", Failed = "failed";
}

/// <summary>A background job of the web application: the pipeline (or inference alone) for a date.</summary>
public sealed record JobRecord(string Id, DateOnly Date, string Kind, string Status, string StartedBy, DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt, string? PipelineRunId, IReadOnlyDictionary<string, string> Progress, string? Error)
{
    public bool Finished => Status is JobStatus.Succeeded or JobStatus.Failed;
}

/// <summary>An officer's decision on an application of the review band.</summary>
public sealed record ReviewRecord(long Id, string PipelineRunId, string ApplicationId, string ModelDecision, string Decision, string Comment,
    string Officer, DateTimeOffset DecidedAt);

/// <summary>One application scored by the API, as recorded for monitoring.</summary>
public sealed record ApiDecision(DateTimeOffset ScoredAt, string Client, string ApplicationJson, long ModelVersion, double Score, string Decision);

/// <summary>The web application's jobs, review decisions and API-scored applications, in the run store (migration 4).</summary>
public sealed class WebRecords(StoreDatabase database)
{
    public WebRecords(string path) : this(new StoreDatabase(path)) { }

    public StoreDatabase Database { get; } = database;

    public void StartJob(string id, DateOnly date, string kind, string user) => Database.Use(connection => StoreDatabase.Execute(connection, """
        INSERT INTO jobs (id, run_date, kind, status, started_by, started_at, host, process_id) VALUES ($i, $d, $k, $s, $u, $t, $h, $p);
        """, null, ("$i", id), ("$d", Day(date)), ("$k", kind), ("$s", JobStatus.Running), ("$u", user), ("$t", StoreDatabase.Now()),
        ("$h", Environment.MachineName), ("$p", Environment.ProcessId)));

    public void UpdateJob(string id, string? pipelineRunId, IReadOnlyDictionary<string, string> progress) => Database.Use(connection => StoreDatabase.Execute(connection,
        "UPDATE jobs SET pipeline_run_id = COALESCE($r, pipeline_run_id), progress = $g WHERE id = $i;", null,
        ("$i", id), ("$r", pipelineRunId), ("$g", StoreDatabase.ToJson(progress))));

    public void FinishJob(string id, string status, string? error) => Database.Use(connection => StoreDatabase.Execute(connection,
        "UPDATE jobs SET status = $s, error = $e, ended_at = $t WHERE id = $i;", null, ("$i", id), ("$s", status), ("$e", error), ("$t", StoreDatabase.Now())));

    /// <summary>Marks every job whose server process is gone (a restart, a crash) as failed: it never vanishes. Returns how many.</summary>
    public int FailInterruptedJobs() => Database.Use(connection =>
    {
        var dead = new List<string>();
        using (var command = StoreDatabase.Command(connection, "SELECT id, host, process_id FROM jobs WHERE status IN ('running', 'queued');", null))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                if (!RunStore.IsAlive(reader.GetString(1), reader.GetInt32(2)))
                    dead.Add(reader.GetString(0));
        foreach (var id in dead)
            StoreDatabase.Execute(connection, """
                UPDATE jobs SET status = 'failed', ended_at = $t, error = 'interrupted: the server stopped before the job ended; run the day again'
                WHERE id = $i AND status IN ('running', 'queued');
                """, null, ("$t", StoreDatabase.Now()), ("$i", id));
        return dead.Count;
    });

    public JobRecord? GetJob(string id) => QueryJobs("WHERE id = $i", ("$i", id)).FirstOrDefault();

    public IReadOnlyList<JobRecord> ListJobs(int limit = 50) => QueryJobs("ORDER BY started_at DESC LIMIT $l", ("$l", limit));

    private List<JobRecord> QueryJobs(string where, params (string, object?)[] parameters) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            $"SELECT id, run_date, kind, status, started_by, started_at, ended_at, pipeline_run_id, progress, error FROM jobs {where};", null, parameters);
        using var reader = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read())
            jobs.Add(new JobRecord(reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(2),
                reader.GetString(3), reader.GetString(4), StoreDatabase.ParseTime(reader.GetString(5)),
                reader.IsDBNull(6) ? null : StoreDatabase.ParseTime(reader.GetString(6)), reader.IsDBNull(7) ? null : reader.GetString(7),
                StoreDatabase.FromJson<Dictionary<string, string>>(reader.GetString(8)), reader.IsDBNull(9) ? null : reader.GetString(9)));
        return jobs;
    });

    /// <summary>The pipeline runs, newest first.</summary>
    public IReadOnlyList<PipelineRunRecord> PipelineRuns(int limit = 1000) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            "SELECT id, run_date, folder, started_at, ended_at, status FROM pipeline_runs ORDER BY started_at DESC LIMIT $l;", null, ("$l", limit));
        using var reader = command.ExecuteReader();
        var list = new List<PipelineRunRecord>();
        while (reader.Read())
            list.Add(new PipelineRunRecord(reader.GetString(0), DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetString(2), StoreDatabase.ParseTime(reader.GetString(3)), reader.IsDBNull(4) ? null : StoreDatabase.ParseTime(reader.GetString(4)),
                reader.GetString(5)));
        return list;
    });

    // ---- reviews ----

    public long AddReview(string pipelineRunId, string applicationId, string modelDecision, string decision, string comment, string officer) =>
        Database.Use(connection =>
        {
            using var command = StoreDatabase.Command(connection, """
                INSERT INTO reviews (pipeline_run_id, application_id, model_decision, decision, comment, officer, decided_at)
                VALUES ($r, $a, $m, $d, $c, $o, $t) RETURNING id;
                """, null, ("$r", pipelineRunId), ("$a", applicationId), ("$m", modelDecision), ("$d", decision), ("$c", comment), ("$o", officer), ("$t", StoreDatabase.Now()));
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        });

    /// <summary>The reviews of a run, newest last; the latest per application is the final decision.</summary>
    public IReadOnlyList<ReviewRecord> Reviews(string pipelineRunId) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection, """
            SELECT id, pipeline_run_id, application_id, model_decision, decision, comment, officer, decided_at FROM reviews
            WHERE pipeline_run_id = $r ORDER BY id;
            """, null, ("$r", pipelineRunId));
        using var reader = command.ExecuteReader();
        var reviews = new List<ReviewRecord>();
        while (reader.Read())
            reviews.Add(new ReviewRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), StoreDatabase.ParseTime(reader.GetString(7))));
        return reviews;
    });

    // ---- API decisions ----

    /// <summary>Records a batch of API-scored applications in one transaction.</summary>
    public void AddApiDecisions(IReadOnlyList<ApiDecision> batch)
    {
        if (batch.Count == 0) return;
        Database.Use(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = StoreDatabase.Command(connection, """
                INSERT INTO api_decisions (scored_at, client, application, model_version, score, decision) VALUES ($t, $c, $a, $v, $s, $d);
                """, transaction, ("$t", ""), ("$c", ""), ("$a", ""), ("$v", 0L), ("$s", 0.0), ("$d", ""));
            command.Prepare();
            foreach (var d in batch)
            {
                command.Parameters["$t"].Value = d.ScoredAt.ToString("O", CultureInfo.InvariantCulture);
                command.Parameters["$c"].Value = d.Client;
                command.Parameters["$a"].Value = d.ApplicationJson;
                command.Parameters["$v"].Value = d.ModelVersion;
                command.Parameters["$s"].Value = d.Score;
                command.Parameters["$d"].Value = d.Decision;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        });
    }

    public long CountApiDecisions() => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection, "SELECT COUNT(*) FROM api_decisions;", null);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    /// <summary>The API-scored applications as CSV (one JSON application per row), for monitoring beside the daily batches.</summary>
    public IReadOnlyList<ApiDecision> ApiDecisions(int limit = 10_000) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            "SELECT scored_at, client, application, model_version, score, decision FROM api_decisions ORDER BY id DESC LIMIT $l;", null, ("$l", limit));
        using var reader = command.ExecuteReader();
        var list = new List<ApiDecision>();
        while (reader.Read())
            list.Add(new ApiDecision(StoreDatabase.ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetDouble(4), reader.GetString(5)));
        return list;
    });

    /// <summary>The applications the API scored on <paramref name="date"/> (UTC), for monitoring beside the day's batch.</summary>
    public IReadOnlyList<ApiDecision> ApiDecisionsOn(DateOnly date) => Database.Use(connection =>
    {
        using var command = StoreDatabase.Command(connection,
            "SELECT scored_at, client, application, model_version, score, decision FROM api_decisions WHERE substr(scored_at, 1, 10) = $d ORDER BY id;", null, ("$d", Day(date)));
        using var reader = command.ExecuteReader();
        var list = new List<ApiDecision>();
        while (reader.Read())
            list.Add(new ApiDecision(StoreDatabase.ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetDouble(4), reader.GetString(5)));
        return list;
    });

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
