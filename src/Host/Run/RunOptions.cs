namespace Weir.Host.Run;

/// <summary>The command line of <c>weir run</c>.</summary>
public sealed record RunOptions
{
    /// <summary><c>--config FILE</c>: a HOCON file over the built-in configuration.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--data DIR</c>: overrides <c>weir.data-dir</c>.</summary>
    public string? DataDir { get; init; }

    /// <summary><c>-i/--iface NAME</c>: overrides <c>weir.capture.interfaces</c>.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary><c>--api ADDR:PORT</c>: overrides <c>weir.api.bind</c>.</summary>
    public string? Api { get; init; }

    /// <summary><c>--set KEY=VALUE</c>: any other override.</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary><c>--log-format json</c>: one JSON object per log line.</summary>
    public bool JsonLogs { get; init; }

    /// <summary><c>--print-config</c>: print the effective configuration and exit.</summary>
    public bool PrintConfigOnly { get; init; }

    /// <summary>The overrides the flags stand for, in the order they apply (later wins).</summary>
    public IReadOnlyDictionary<string, string> Overrides()
    {
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string kv in Set)
        {
            int eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new Weir.Actors.Configuration.ConfigurationException($"--set '{kv}': expected KEY=VALUE (e.g. weir.rotation.interval=60s)");
            }

            overrides[kv[..eq].Trim()] = kv[(eq + 1)..];
        }

        if (DataDir is not null)
        {
            overrides["weir.data-dir"] = Quote(DataDir);
        }

        if (Interfaces.Count > 0)
        {
            overrides["weir.capture.interfaces"] = "[" + string.Join(", ", Interfaces.Select(Quote)) + "]";
        }

        if (Api is not null)
        {
            overrides["weir.api.bind"] = Quote(Api);
        }

        return overrides;
    }

    // A HOCON quoted string: the overrides are HOCON text.
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
