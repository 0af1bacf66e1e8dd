using System.Globalization;

namespace Weir.Engine.Capture.Live;

/// <summary>Interface discovery from <c>/sys/class/net</c> (the calling thread's network namespace).</summary>
public static class NetworkInterfaces
{
    private const string SysClassNet = "/sys/class/net";
    private const int IffUp = 0x1;

    private const int ArphrdEther = 1;
    private const int ArphrdPpp = 512;
    private const int ArphrdTunnel = 768;
    private const int ArphrdTunnel6 = 769;
    private const int ArphrdLoopback = 772;
    private const int ArphrdSit = 776;
    private const int ArphrdIeee80211 = 801;
    private const int ArphrdIeee80211Radiotap = 803;
    private const int ArphrdNone = 65534;

    /// <summary>Every interface, sorted by index.</summary>
    public static IReadOnlyList<NetworkInterfaceInfo> List()
    {
        if (!Directory.Exists(SysClassNet))
        {
            return [];
        }

        var result = new List<NetworkInterfaceInfo>();
        foreach (string dir in Directory.EnumerateFileSystemEntries(SysClassNet))
        {
            NetworkInterfaceInfo? info = Read(Path.GetFileName(dir));
            if (info is not null)
            {
                result.Add(info);
            }
        }

        result.Sort((a, b) => a.Index.CompareTo(b.Index));
        return result;
    }

    /// <summary>
    /// Names of the interfaces that are administratively up: what discovery and name patterns capture. An
    /// interface that is down is left out rather than retried for ever; it is picked up when the interface
    /// list is applied again (SIGHUP, <c>weir capture enable</c>).
    /// </summary>
    public static IReadOnlyList<string> UpNames() => [.. List().Where(i => i.IsUp).Select(i => i.Name)];

    /// <summary>One interface by name, or null when it does not exist.</summary>
    public static NetworkInterfaceInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
        {
            return null;
        }

        return Read(name);
    }

    /// <summary>The link type of a raw AF_PACKET capture for an ARPHRD hardware type, or null when not decoded.</summary>
    public static LinkType? LinkTypeOf(int hardwareType) => hardwareType switch
    {
        ArphrdEther => Capture.LinkType.Ethernet,
        // Loopback frames carry an all-zero Ethernet header.
        ArphrdLoopback => Capture.LinkType.Ethernet,
        // tun, PPP and IP-in-IP tunnels have no link header: frames start at the IP header.
        ArphrdNone or ArphrdPpp or ArphrdTunnel or ArphrdTunnel6 or ArphrdSit => Capture.LinkType.Raw,
        ArphrdIeee80211 => Capture.LinkType.Ieee80211,
        ArphrdIeee80211Radiotap => Capture.LinkType.Ieee80211Radiotap,
        _ => null,
    };

    private static NetworkInterfaceInfo? Read(string name)
    {
        string dir = Path.Combine(SysClassNet, name);
        string? index = ReadAttribute(dir, "ifindex");
        if (index is null || !int.TryParse(index, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ifindex))
        {
            return null;
        }

        int flags = ParseHex(ReadAttribute(dir, "flags"));
        return new NetworkInterfaceInfo(
            name,
            ifindex,
            (flags & IffUp) != 0,
            ReadAttribute(dir, "operstate") ?? "unknown",
            ParseInt(ReadAttribute(dir, "type")),
            ParseInt(ReadAttribute(dir, "mtu")),
            ReadAttribute(dir, "address") ?? "");
    }

    private static string? ReadAttribute(string dir, string attribute)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, attribute)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The interface vanished between listing and reading, or the attribute is not readable for it.
            return null;
        }
    }

    private static int ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : 0;

    private static int ParseHex(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        ReadOnlySpan<char> digits = text.AsSpan();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        return int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value) ? value : 0;
    }
}
