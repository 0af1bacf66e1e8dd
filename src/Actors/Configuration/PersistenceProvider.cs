namespace Weir.Actors.Configuration;

/// <summary><c>weir.persistence.provider</c>.</summary>
public enum PersistenceProvider
{
    /// <summary>An SQLite file (Microsoft.Data.Sqlite).</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql).</summary>
    Postgres,
}
