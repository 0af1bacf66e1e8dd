namespace Weir.Actors.Configuration;

/// <summary>
/// Every setting Weir reads, parsed and validated once at startup (Akka's <c>Settings</c> pattern). Build it with
/// <see cref="FromConfig(Config)"/> from the effective configuration (<see cref="ConfigLoader.Load"/>); an invalid
/// or missing key throws <see cref="ConfigurationException"/> naming the key, the file and the line.
/// </summary>
/// <param name="Config">The effective configuration the settings were read from.</param>
/// <param name="DataDir"><c>weir.data-dir</c>.</param>
/// <param name="Kernel"><c>akka.*</c>.</param>
/// <param name="Capture"><c>weir.capture</c>.</param>
/// <param name="Rotation"><c>weir.rotation</c>.</param>
/// <param name="Writeout"><c>weir.writeout</c>.</param>
/// <param name="Db"><c>weir.db</c>.</param>
/// <param name="Api"><c>weir.api</c>.</param>
/// <param name="Metrics"><c>weir.metrics</c>.</param>
/// <param name="Persistence"><c>weir.persistence</c>.</param>
public sealed record WeirSettings(
    Config Config,
    string DataDir,
    KernelSettings Kernel,
    CaptureSettings Capture,
    RotationSettings Rotation,
    WriteoutSettings Writeout,
    DbSettings Db,
    ApiSettings Api,
    MetricsSettings Metrics,
    PersistenceSettings Persistence)
{
    /// <summary>Reads and validates every setting from <paramref name="config"/> (resolved).</summary>
    /// <exception cref="ConfigurationException">A key is missing, malformed or out of range.</exception>
    public static WeirSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var weir = config.GetConfigStrict("weir");
        return new WeirSettings(
            config,
            ConfigChecks.NonEmpty(weir, "data-dir"),
            KernelSettings.FromConfig(config.GetConfigStrict("akka")),
            CaptureSettings.FromConfig(weir.GetConfigStrict("capture")),
            RotationSettings.FromConfig(weir.GetConfigStrict("rotation")),
            WriteoutSettings.FromConfig(weir.GetConfigStrict("writeout")),
            DbSettings.FromConfig(weir.GetConfigStrict("db")),
            ApiSettings.FromConfig(weir.GetConfigStrict("api")),
            MetricsSettings.FromConfig(weir.GetConfigStrict("metrics")),
            PersistenceSettings.FromConfig(weir.GetConfigStrict("persistence")));
    }
}
