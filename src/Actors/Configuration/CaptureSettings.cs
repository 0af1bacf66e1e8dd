using System.Text.RegularExpressions;

namespace Weir.Actors.Configuration;

/// <summary><c>weir.capture</c>.</summary>
/// <param name="Interfaces"><c>interfaces</c>: interfaces to capture on; empty means discover.</param>
/// <param name="Discover"><c>discover</c>: with no interfaces listed, follow every interface that is up.</param>
/// <param name="Exclude"><c>exclude</c>: interfaces discovery skips (use <see cref="IsExcluded(string)"/>).</param>
/// <param name="SnapLength"><c>snap-length</c>: bytes kept of each packet, 64..262144.</param>
/// <param name="Promiscuous"><c>promiscuous</c>.</param>
/// <param name="Source"><c>source</c>.</param>
/// <param name="Ring"><c>ring</c>.</param>
/// <param name="Fanout"><c>fanout</c>: AF_PACKET fanout sockets per interface, 1..64.</param>
/// <param name="Filter"><c>filter</c>: BPF expression; empty captures everything.</param>
/// <param name="MaxInterfaces"><c>max-interfaces</c>, 1..1024.</param>
/// <param name="LocalBuffer"><c>local-buffer</c>.</param>
/// <param name="Backoff"><c>backoff</c>.</param>
/// <param name="ThreadNice"><c>thread-nice</c>: nice value of the capture threads, -20..19; 0 leaves them as they are.</param>
public sealed record CaptureSettings(
    IReadOnlyList<string> Interfaces,
    bool Discover,
    IReadOnlyList<Regex> Exclude,
    int SnapLength,
    bool Promiscuous,
    CaptureSourceKind Source,
    RingSettings Ring,
    int Fanout,
    string Filter,
    int MaxInterfaces,
    LocalBufferSettings LocalBuffer,
    BackoffSettings Backoff,
    int ThreadNice = 0)
{
    /// <summary>Linux limits interface names to 15 bytes (IFNAMSIZ - 1).</summary>
    private const int MaxInterfaceName = 15;

    /// <summary>Whether discovery skips <paramref name="interfaceName"/> (an exclude pattern matches it).</summary>
    public bool IsExcluded(string interfaceName) => Exclude.Any(r => r.IsMatch(interfaceName));

    internal static CaptureSettings FromConfig(Config capture)
    {
        var interfaces = capture.GetStringListStrict("interfaces");
        for (var i = 0; i < interfaces.Count; i++)
        {
            var name = interfaces[i];
            if (name.Length is 0 or > MaxInterfaceName || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw capture.Error("interfaces", $"'{name}' is not an interface name (1 to {MaxInterfaceName} characters, no '/', ':' or whitespace)");
            }
        }

        if (interfaces.Distinct(StringComparer.Ordinal).Count() != interfaces.Count)
        {
            throw capture.Error("interfaces", "lists an interface twice");
        }

        var exclude = new List<Regex>();
        foreach (var pattern in capture.GetStringListStrict("exclude"))
        {
            try
            {
                exclude.Add(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }
            catch (ArgumentException ex)
            {
                throw capture.Error("exclude", $"'{pattern}' is not a valid regular expression: {ex.Message}");
            }
        }

        var snapLength = ConfigChecks.Int(capture, "snap-length", 64, 262144);
        var maxInterfaces = ConfigChecks.Int(capture, "max-interfaces", 1, 1024);
        if (interfaces.Count > maxInterfaces)
        {
            throw capture.Error("interfaces", $"lists {interfaces.Count} interfaces, more than max-interfaces ({maxInterfaces})");
        }

        return new CaptureSettings(
            interfaces,
            capture.GetBooleanStrict("discover"),
            exclude,
            snapLength,
            capture.GetBooleanStrict("promiscuous"),
            ConfigChecks.OneOf(capture, "source", "auto", "afpacket", "pcap") switch
            {
                "afpacket" => CaptureSourceKind.AfPacket,
                "pcap" => CaptureSourceKind.Pcap,
                _ => CaptureSourceKind.Auto,
            },
            RingSettings.FromConfig(capture.GetConfigStrict("ring"), snapLength),
            ConfigChecks.Int(capture, "fanout", 1, 64),
            capture.GetStringStrict("filter").Trim(),
            maxInterfaces,
            LocalBufferSettings.FromConfig(capture.GetConfigStrict("local-buffer")),
            BackoffSettings.FromConfig(capture.GetConfigStrict("backoff")),
            ConfigChecks.Int(capture, "thread-nice", -20, 19));
    }
}
