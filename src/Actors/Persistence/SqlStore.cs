using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Weir.Actors.Configuration;

namespace Weir.Actors.Persistence;

/// <summary>
/// Akka.Persistence.Sql's <c>journal</c>, <c>tags</c> and <c>snapshot</c> tables through ADO.NET: SQLite
/// (Microsoft.Data.Sqlite, the default, a file in the data directory) or PostgreSQL (Npgsql). The tables are
/// created on first use. Each call opens a pooled connection, so one store may be shared by threads.
/// </summary>
public sealed class SqlStore : IJournal, ISnapshotStore
{
    private readonly Func<DbConnection> _connect;
    private readonly bool _postgres;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");

    private SqlStore(Func<DbConnection> connect, bool postgres, string description)
    {
        _connect = connect;
        _postgres = postgres;
        Description = description;
    }

    /// <summary>Provider and target, without secrets (<c>sqlite data/weir.db</c>).</summary>
    public string Description { get; }

    /// <summary>Opens the configured store and creates the tables when missing.</summary>
    /// <exception cref="PersistenceException">The store cannot be reached or the tables cannot be created.</exception>
    public static SqlStore Open(PersistenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider == PersistenceProvider.Postgres
            ? OpenPostgres(settings.ConnectionString)
            : OpenSqlite(settings.ConnectionString);
    }

    /// <summary>Opens an SQLite store (<c>Data Source=FILE</c>), creating the file's directory and the tables.</summary>
    public static SqlStore OpenSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var store = new SqlStore(() => new SqliteConnection(connectionString), postgres: false, $"sqlite {builder.DataSource}");
        store.CreateSchema();
        return store;
    }

    /// <summary>Opens a PostgreSQL store and creates the tables.</summary>
    public static SqlStore OpenPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var store = new SqlStore(() => new NpgsqlConnection(connectionString), postgres: true, $"postgres {builder.Host}/{builder.Database}");
        store.CreateSchema();
        return store;
    }

    /// <inheritdoc/>
    public long HighestSequenceNr(string persistenceId)
    {
        using var connection = OpenConnection();
        return HighestSequenceNr(connection, null, persistenceId);
    }

    /// <inheritdoc/>
    public long Append(string persistenceId, IReadOnlyList<(string Manifest, byte[] Payload)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var connection = OpenConnection();
        using var tx = connection.BeginTransaction();
        long seq = HighestSequenceNr(connection, tx, persistenceId);
        try
        {
            foreach (var (manifest, payload) in events)
            {
                seq++;
                using var cmd = Command(connection, tx,
                    "INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid) " +
                    "VALUES (@deleted, @pid, @seq, @created, @message, NULL, @manifest, @writer)");
                Add(cmd, "@deleted", false);
                Add(cmd, "@pid", persistenceId);
                Add(cmd, "@seq", seq);
                Add(cmd, "@created", DateTime.UtcNow.Ticks);
                Add(cmd, "@message", payload);
                Add(cmd, "@manifest", manifest);
                Add(cmd, "@writer", _writerUuid);
                cmd.ExecuteNonQuery();
            }

            tx.Commit();
        }
        catch (DbException e)
        {
            throw new PersistenceException($"persistence: cannot append to {persistenceId} at sequence number {seq}: {e.Message} ({Description})", e);
        }

        return seq;
    }

    /// <inheritdoc/>
    public IReadOnlyList<JournalEntry> Replay(string persistenceId, long fromSequenceNr)
    {
        using var connection = OpenConnection();
        using var cmd = Command(connection, null,
            "SELECT sequence_number, created, manifest, message FROM journal " +
            "WHERE persistence_id = @pid AND sequence_number >= @from AND deleted = @deleted ORDER BY sequence_number");
        Add(cmd, "@pid", persistenceId);
        Add(cmd, "@from", fromSequenceNr);
        Add(cmd, "@deleted", false);
        var entries = new List<JournalEntry>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new JournalEntry(persistenceId, reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                reader.GetString(2), (byte[])reader.GetValue(3)));
        }

        return entries;
    }

    /// <inheritdoc/>
    public void Delete(string persistenceId, long toSequenceNr)
    {
        using var connection = OpenConnection();
        using var cmd = Command(connection, null,
            "UPDATE journal SET deleted = @deleted WHERE persistence_id = @pid AND sequence_number <= @to");
        Add(cmd, "@deleted", true);
        Add(cmd, "@pid", persistenceId);
        Add(cmd, "@to", toSequenceNr);
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void Save(string persistenceId, long sequenceNr, string manifest, byte[] payload)
    {
        using var connection = OpenConnection();
        using var tx = connection.BeginTransaction();
        using (var delete = Command(connection, tx, "DELETE FROM snapshot WHERE persistence_id = @pid AND sequence_number = @seq"))
        {
            Add(delete, "@pid", persistenceId);
            Add(delete, "@seq", sequenceNr);
            delete.ExecuteNonQuery();
        }

        using (var insert = Command(connection, tx,
            "INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id) VALUES (@pid, @seq, @created, @snapshot, @manifest, NULL)"))
        {
            Add(insert, "@pid", persistenceId);
            Add(insert, "@seq", sequenceNr);
            Add(insert, "@created", DateTime.UtcNow.Ticks);
            Add(insert, "@snapshot", payload);
            Add(insert, "@manifest", manifest);
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <inheritdoc/>
    public SnapshotEntry? LoadLatest(string persistenceId)
    {
        using var connection = OpenConnection();
        using var cmd = Command(connection, null,
            "SELECT sequence_number, created, manifest, snapshot FROM snapshot WHERE persistence_id = @pid ORDER BY sequence_number DESC LIMIT 1");
        Add(cmd, "@pid", persistenceId);
        using var reader = cmd.ExecuteReader();
        return reader.Read()
            ? new SnapshotEntry(persistenceId, reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetString(2), (byte[])reader.GetValue(3))
            : null;
    }

    private static long HighestSequenceNr(DbConnection connection, DbTransaction? tx, string persistenceId)
    {
        using var cmd = Command(connection, tx, "SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = @pid");
        Add(cmd, "@pid", persistenceId);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private DbConnection OpenConnection()
    {
        var connection = _connect();
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException)
        {
            connection.Dispose();
            throw new PersistenceException($"persistence: cannot open {Description}: {e.Message}", e);
        }

        return connection;
    }

    private void CreateSchema()
    {
        string[] statements = _postgres
            ?
            [
                "CREATE TABLE IF NOT EXISTS journal (ordering BIGSERIAL PRIMARY KEY, deleted BOOLEAN NOT NULL DEFAULT FALSE, " +
                "persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, created BIGINT NOT NULL, message BYTEA NOT NULL, " +
                "identifier INTEGER NULL, manifest VARCHAR(500) NOT NULL, writer_uuid VARCHAR(128) NULL, " +
                "CONSTRAINT journal_persistence_id_sequence_number_key UNIQUE (persistence_id, sequence_number))",
                "CREATE TABLE IF NOT EXISTS tags (ordering_id BIGINT NOT NULL, tag VARCHAR(64) NOT NULL, persistence_id VARCHAR(255) NOT NULL, " +
                "sequence_nr BIGINT NOT NULL, PRIMARY KEY (ordering_id, tag, persistence_id))",
                "CREATE TABLE IF NOT EXISTS snapshot (persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL, created BIGINT NOT NULL, " +
                "snapshot BYTEA NOT NULL, manifest VARCHAR(500) NOT NULL, serializer_id INTEGER NULL, PRIMARY KEY (persistence_id, sequence_number))",
            ]
            :
            [
                "CREATE TABLE IF NOT EXISTS journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, deleted INTEGER NOT NULL DEFAULT 0, " +
                "persistence_id VARCHAR(255) NOT NULL, sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, message BLOB NOT NULL, " +
                "identifier INTEGER NULL, manifest VARCHAR(500) NOT NULL, writer_uuid VARCHAR(128) NULL, UNIQUE (persistence_id, sequence_number))",
                "CREATE TABLE IF NOT EXISTS tags (ordering_id INTEGER NOT NULL, tag VARCHAR(64) NOT NULL, persistence_id VARCHAR(255) NOT NULL, " +
                "sequence_nr INTEGER NOT NULL, PRIMARY KEY (ordering_id, tag, persistence_id))",
                "CREATE TABLE IF NOT EXISTS snapshot (persistence_id VARCHAR(255) NOT NULL, sequence_number INTEGER NOT NULL, created INTEGER NOT NULL, " +
                "snapshot BLOB NOT NULL, manifest VARCHAR(500) NOT NULL, serializer_id INTEGER NULL, PRIMARY KEY (persistence_id, sequence_number))",
            ];
        try
        {
            using var connection = OpenConnection();
            foreach (string sql in statements)
            {
                using var cmd = Command(connection, null, sql);
                cmd.ExecuteNonQuery();
            }
        }
        catch (DbException e)
        {
            throw new PersistenceException($"persistence: cannot create the journal and snapshot tables in {Description}: {e.Message}", e);
        }
    }
}
