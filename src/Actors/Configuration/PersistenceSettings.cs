namespace Weir.Actors.Configuration;

/// <summary><c>weir.persistence</c>: where state that survives a restart is kept.</summary>
/// <param name="Provider"><c>provider</c>.</param>
/// <param name="SqliteConnectionString"><c>connection-string</c>.</param>
/// <param name="PostgresConnectionString"><c>postgres.connection-string</c>; required when the provider is PostgreSQL.</param>
public sealed record PersistenceSettings(PersistenceProvider Provider, string SqliteConnectionString, string? PostgresConnectionString)
{
    /// <summary>The connection string of the configured provider.</summary>
    public string ConnectionString => Provider == PersistenceProvider.Postgres ? PostgresConnectionString! : SqliteConnectionString;

    internal static PersistenceSettings FromConfig(Config persistence)
    {
        var provider = ConfigChecks.OneOf(persistence, "provider", "sqlite", "postgres") == "postgres"
            ? PersistenceProvider.Postgres
            : PersistenceProvider.Sqlite;
        var sqlite = ConfigChecks.NonEmpty(persistence, "connection-string");
        var postgres = persistence.HasPath("postgres.connection-string") ? persistence.GetStringStrict("postgres.connection-string") : null;
        if (provider == PersistenceProvider.Postgres && string.IsNullOrWhiteSpace(postgres))
        {
            throw persistence.Error("provider",
                "is postgres but weir.persistence.postgres.connection-string is not set (set it or WEIR_PG_CONNECTION)");
        }

        return new PersistenceSettings(provider, sqlite, postgres);
    }
}
