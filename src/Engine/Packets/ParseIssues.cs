namespace Weir.Engine.Packets;

/// <summary>Stable text names of <see cref="ParseIssue"/> codes, as printed by the CLI and used as metric labels.</summary>
public static class ParseIssues
{
    /// <summary>Number of defined codes (array size for per-reason counters).</summary>
    public const int Count = 11;

    private static readonly string[] s_names =
    [
        "none", "non-ip", "truncated", "bad-version", "bad-header-length", "unsupported-link-type",
        "orphan-fragment", "bad-extension-header", "unsupported-encapsulation", "bad-link-header",
        "local-buffer-full",
    ];

    /// <summary>The text name of <paramref name="issue"/> (for example <c>truncated</c>).</summary>
    public static string Name(ParseIssue issue) =>
        (int)issue < s_names.Length ? s_names[(int)issue] : "unknown-" + ((int)issue).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
