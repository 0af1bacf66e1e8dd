namespace Weir.Actors.Configuration;

/// <summary>
/// Loads the effective configuration: the built-in <c>config/akka.hocon</c> (embedded in Weir.Actors), a user
/// file over it and command-line overrides over both, resolved once against the combined tree, so an override of
/// <c>weir.data-dir</c> moves <c>weir.db.path</c> too.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The name the built-in configuration has in origins and errors.</summary>
    public const string ReferenceName = "config/akka.hocon";

    /// <summary>The origin name of values given as overrides.</summary>
    public const string OverrideName = "override";

    /// <summary>The built-in configuration, unresolved (layer over it with <see cref="Config.WithFallback"/>, then resolve).</summary>
    public static Config LoadReference(bool resolve = true)
    {
        var assembly = typeof(ConfigLoader).Assembly;
        using var stream = assembly.GetManifestResourceStream("akka.hocon")
            ?? throw new InvalidOperationException("the built-in akka.hocon resource is missing from Weir.Actors");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd(), ReferenceName, resolve);
    }

    /// <summary>
    /// effective = <paramref name="overrides"/> over the file at <paramref name="userConfigPath"/> (when given) over
    /// the built-in configuration, resolved. Each override maps a key path (<c>weir.rotation.interval</c>) to a HOCON
    /// value (<c>60s</c>, <c>["eth0", "eth1"]</c>); a value that does not parse as HOCON is taken as a plain string.
    /// </summary>
    /// <exception cref="ConfigurationException">A file cannot be read or parsed, or a substitution cannot be resolved.</exception>
    public static Config Load(string? userConfigPath, IReadOnlyDictionary<string, string>? overrides) =>
        Layer(userConfigPath, overrides).Resolve();

    /// <summary><see cref="Load"/> then <see cref="WeirSettings.FromConfig"/>.</summary>
    public static WeirSettings LoadSettings(string? userConfigPath, IReadOnlyDictionary<string, string>? overrides) =>
        WeirSettings.FromConfig(Load(userConfigPath, overrides));

    /// <summary>The layered configuration before resolution.</summary>
    internal static Config Layer(string? userConfigPath, IReadOnlyDictionary<string, string>? overrides)
    {
        var effective = LoadReference(resolve: false);
        if (userConfigPath is not null)
        {
            if (!File.Exists(userConfigPath))
            {
                throw new ConfigurationException($"{userConfigPath}: configuration file not found");
            }

            effective = ConfigurationFactory.ParseFile(userConfigPath, resolve: false).WithFallback(effective);
        }

        if (overrides is not null)
        {
            foreach (var (path, value) in overrides)
            {
                effective = ParseOverride(path, value).WithFallback(effective);
            }
        }

        return effective;
    }

    private static Config ParseOverride(string path, string value)
    {
        string key;
        try
        {
            key = HoconPath.Render(HoconPath.Parse(path.Trim()));
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException($"{OverrideName} '{path}': not a key path: {ex.Message}", path, null);
        }

        try
        {
            // One line only, so an override cannot smuggle in other keys.
            if (!value.Contains('\n', StringComparison.Ordinal))
            {
                return ConfigurationFactory.ParseString($"{key} = {value}", OverrideName, resolve: false);
            }
        }
        catch (ConfigurationException)
        {
            // Not HOCON (127.0.0.1:9110, ^lo$): the operator meant the text itself.
        }

        return ConfigurationFactory.ParseString($"{key} = {HoconRenderer.Quote(value)}", OverrideName, resolve: false);
    }
}
