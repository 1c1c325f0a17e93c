using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace CreditPoC.Tracking;

/// <summary>
/// The embedded SQLite database behind the run store and the model registry: opens connections in WAL mode with
/// a busy timeout (so two pipelines can write at once) and brings the schema up to the newest migration.
/// </summary>
public sealed class StoreDatabase
{
    /// <summary>The default place of the store, relative to the working directory.</summary>
    public const string DefaultPath = "runs/creditpoc.db";

    private readonly string _connectionString;

    public StoreDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"cannot create the folder of the run store {path}: {e.Message}", e);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
            Pooling = false,
        }.ToString();
        Migrate();
    }

    public string Path { get; }

    /// <summary>The newest schema version this code knows.</summary>
    public static int LatestVersion => Migrations.All[^1].Version;

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection. Every failure of the database becomes one readable error
    /// that names the store: not a database, disk full, read-only, locked.
    /// </summary>
    internal T Use<T>(Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = Open();
            return work(connection);
        }
        catch (SqliteException e)
        {
            throw Describe(e);
        }
    }

    internal void Use(Action<SqliteConnection> work) => Use(connection => { work(connection); return 0; });

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>What went wrong with the store, in words, by SQLite's primary result code.</summary>
    internal UserFacingException Describe(SqliteException e) => new((e.SqliteErrorCode & 0xFF) switch
    {
        26 => $"{Path} is not a CreditPoC run store (file is not a database); point --store at a run store or at a new file",
        11 => $"the run store {Path} is damaged (database disk image is malformed); restore it from a backup or start a new one",
        13 => $"cannot write the run store {Path}: disk full",
        8 => $"cannot write the run store {Path}: it is read-only",
        14 => $"cannot open the run store {Path}: {e.Message}",
        5 or 6 => $"the run store {Path} is locked by another process for longer than 30 s; try again",
        10 => $"cannot read or write the run store {Path}: input/output error ({e.Message})",
        _ => $"the run store {Path} failed: {e.Message}",
    }, e);

    /// <summary>
    /// Copies the whole store to <paramref name="file"/> with SQLite's online backup, so that it is consistent even
    /// while a server or a pipeline writes to it. An existing file at <paramref name="file"/> is refused.
    /// </summary>
    public void Backup(string file)
    {
        var target = System.IO.Path.GetFullPath(file);
        if (File.Exists(target)) throw new UserFacingException($"{file} already exists: choose a new file for the backup");
        var temporary = target + ".partial";
        File.Delete(temporary);
        Use(connection =>
        {
            using (var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                destination.Open();
                connection.BackupDatabase(destination);
            }
            File.Move(temporary, target);
        });
    }

    /// <summary>
    /// A cheap way to notice that any process changed the store: SQLite's <c>PRAGMA data_version</c> on a connection
    /// kept open, which changes whenever another connection commits. Costs microseconds, so a server can ask on every call.
    /// </summary>
    public StoreWatch Watch() => new(Open());

    /// <summary>The schema version the database is at.</summary>
    public int SchemaVersion() => Use(connection => CurrentVersion(connection));

    private void Migrate() => Use(connection =>
    {
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);");
        var current = CurrentVersion(connection);
        if (current > LatestVersion)
            throw new UserFacingException($"the run store {Path} has schema version {current}, newer than this CreditPoC knows ({LatestVersion}); update CreditPoC");
        foreach (var (version, description, sql) in Migrations.All.Where(m => m.Version > current))
        {
            using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable);
            // Another process may have migrated while we waited for the write lock.
            if (CurrentVersion(connection, transaction) >= version) { transaction.Rollback(); continue; }
            Execute(connection, sql, transaction);
            Execute(connection, "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($v, $d, $t);", transaction,
                ("$v", version), ("$d", description), ("$t", Now()));
            transaction.Commit();
        }
    });

    private static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    internal static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    internal static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    // Metrics may be NaN (e.g. the accuracy of an empty band): keep them as "NaN" rather than fail.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    internal static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    internal static T FromJson<T>(string json) where T : new() =>
        string.IsNullOrEmpty(json) ? new T() : JsonSerializer.Deserialize<T>(json, Json) ?? new T();
}

/// <summary>See <see cref="StoreDatabase.Watch"/>. Thread-safe.</summary>
public sealed class StoreWatch : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _command;
    private readonly Lock _gate = new();

    internal StoreWatch(SqliteConnection connection)
    {
        _connection = connection;
        _command = connection.CreateCommand();
        _command.CommandText = "PRAGMA data_version;";
    }

    /// <summary>A number that changes when another connection (of this process or another) has committed since the last call.</summary>
    public long DataVersion()
    {
        lock (_gate) return Convert.ToInt64(_command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _command.Dispose();
        _connection.Dispose();
    }
}
