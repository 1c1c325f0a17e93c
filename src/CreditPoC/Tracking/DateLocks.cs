using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tracking;

/// <summary>
/// One pipeline run per date at a time, across processes: a run takes its date's lock in the run store before it
/// makes its run folder and gives it back when it ends. A lock whose process is gone (killed, crashed) is taken
/// over. The web application's background jobs use the same lock.
/// </summary>
public static class DateLocks
{
    /// <summary>Takes the lock of <paramref name="date"/> for <paramref name="pipelineRunId"/>, or says which run holds it.</summary>
    public static IDisposable LockDate(this RunStore store, DateOnly date, string pipelineRunId)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        store.Database.Use(connection =>
        {
            using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
            using (var read = StoreDatabase.Command(connection,
                "SELECT pipeline_run_id, host, process_id, acquired_at FROM date_locks WHERE run_date = $d;", transaction, ("$d", day)))
            using (var reader = read.ExecuteReader())
            {
                if (reader.Read() && RunStore.IsAlive(reader.GetString(1), reader.GetInt32(2)))
                    throw new UserFacingException(
                        $"{day} is already being run by pipeline run {reader.GetString(0)} (process {reader.GetInt32(2)} on {reader.GetString(1)}, " +
                        $"since {reader.GetString(3)}); wait for it to end, or stop it, then run the day again");
            }
            StoreDatabase.Execute(connection, """
                INSERT INTO date_locks (run_date, pipeline_run_id, host, process_id, acquired_at) VALUES ($d, $r, $h, $p, $t)
                ON CONFLICT(run_date) DO UPDATE SET pipeline_run_id = $r, host = $h, process_id = $p, acquired_at = $t;
                """, transaction, ("$d", day), ("$r", pipelineRunId), ("$h", Environment.MachineName), ("$p", Environment.ProcessId), ("$t", StoreDatabase.Now()));
            transaction.Commit();
        });
        return new Release(() => store.Database.Use(connection => StoreDatabase.Execute(connection,
            "DELETE FROM date_locks WHERE run_date = $d AND pipeline_run_id = $r;", null, ("$d", day), ("$r", pipelineRunId))));
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) release();
        }
    }
}
