namespace Weir.Host.Shell;

/// <summary>What Tab offers in <c>weir shell</c>: commands, subcommands, interfaces and query attributes.</summary>
public static class ShellCompletion
{
    /// <summary>The shell's top-level commands.</summary>
    public static IReadOnlyList<string> Commands { get; } = ["actors", "capture", "exit", "help", "log", "query", "quit", "status"];

    private static readonly string[] s_capture = ["disable", "enable", "list", "rotate"];
    private static readonly string[] s_log = ["peek", "tail"];
    private static readonly string[] s_status = ["--format", "--interval", "--watch"];
    private static readonly string[] s_queryAttributes = ["apps_port", "dip", "dport", "iface", "proto", "raw", "sip", "talk_conv", "talk_dst", "talk_src", "time"];
    private static readonly string[] s_queryOptions = ["--asc", "--condition", "--direction", "--first", "--format", "--iface", "--last", "--limit", "--resolution", "--sort"];

    /// <summary>Candidates for the word being typed at the end of <paramref name="lineToCursor"/>.</summary>
    /// <param name="lineToCursor">The line up to the cursor.</param>
    /// <param name="interfaces">The host's interfaces (from <c>/status</c>).</param>
    public static IReadOnlyList<string> Candidates(string lineToCursor, IReadOnlyList<string> interfaces)
    {
        ArgumentNullException.ThrowIfNull(lineToCursor);
        ArgumentNullException.ThrowIfNull(interfaces);
        string[] words = lineToCursor.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool atNewWord = lineToCursor.Length == 0 || lineToCursor.EndsWith(' ');
        // The words before the one being completed.
        string[] before = atNewWord ? words : words[..^1];
        if (before.Length == 0)
        {
            return Commands;
        }

        string previous = before[^1];
        return before[0] switch
        {
            "capture" when before.Length == 1 => s_capture,
            "capture" when before.Length == 2 && before[1] is "enable" or "disable" => interfaces,
            "log" when before.Length == 1 => s_log,
            "status" => s_status,
            "query" when previous is "-i" or "--iface" => interfaces,
            "query" when previous is "--format" => ["csv", "json", "table"],
            "query" when previous is "-s" or "--sort" => ["bytes", "packets", "time"],
            "query" when previous is "-d" or "--direction" => ["in", "out", "sum"],
            "query" => [.. s_queryAttributes, .. s_queryOptions],
            _ => [],
        };
    }
}
