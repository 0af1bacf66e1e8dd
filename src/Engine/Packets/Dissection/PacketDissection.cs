using System.Globalization;
using System.Text;
using System.Text.Json;
using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Engine.Packets.Dissection;

/// <summary>
/// A frame taken apart for display: the layers decoded (tunnels included), the parser's flow fields for the
/// outermost IP header, and the layer-2 addresses. Made by <see cref="PacketDissector.Dissect"/>.
/// </summary>
public sealed class PacketDissection
{
    private readonly ParsedPacket _packet;

    internal PacketDissection(LinkType linkType, ParseIssue issue, in ParsedPacket packet, List<DissectedLayer> layers,
        (string Source, string Destination)? l2, string? innermost)
    {
        LinkType = linkType;
        Issue = issue;
        _packet = packet;
        Layers = layers;
        L2 = l2;
        Innermost = innermost;
    }

    /// <summary>Link type of the frame.</summary>
    public LinkType LinkType { get; }

    /// <summary>What <see cref="PacketParser.Parse"/> said: <see cref="ParseIssue.None"/> when the frame counts into a flow.</summary>
    public ParseIssue Issue { get; }

    /// <summary>The parser's fields (outermost IP header and its transport).</summary>
    public ParsedPacket Packet => _packet;

    /// <summary>Decoded layers, outermost first.</summary>
    public IReadOnlyList<DissectedLayer> Layers { get; }

    /// <summary>Source and destination MAC addresses of the first MAC-addressed layer, when there is one.</summary>
    public (string Source, string Destination)? L2 { get; }

    /// <summary>Name of the innermost layer decoded (an ethertype name when only layer 2 decoded).</summary>
    public string? Innermost { get; }

    /// <summary>
    /// Appends the one-line connection summary: <c>1.1.1.1:2000 -> 2.2.2.2:80 tcp SYN</c>,
    /// <c>1.1.1.1 -> 2.2.2.2 echo-request</c>, <c>[2001:db8::1]:53 -> [2001:db8::2]:53 udp</c>,
    /// <c>aa:bb:cc:dd:ee:ff -> 11:22:33:44:55:66 arp</c>; the parse issue in brackets when the frame was not counted.
    /// </summary>
    public void AppendSummary(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ref readonly ParsedPacket p = ref _packet;
        if (Issue is ParseIssue.None or ParseIssue.BadExtensionHeader && (p.Source != 0 || p.Destination != 0 || Issue == ParseIssue.None))
        {
            AppendEndpoint(builder, p.Source, p.IsIPv6, p.HasPorts ? p.SourcePort : null);
            builder.Append(" -> ");
            AppendEndpoint(builder, p.Destination, p.IsIPv6, p.HasPorts ? p.DestinationPort : null);
            builder.Append(' ');
            if (p.HasIcmp)
            {
                bool v6 = p.Protocol == 58;
                string? name = ProtocolNames.IcmpType(p.IcmpType, p.IcmpCode, v6);
                builder.Append(name ?? string.Create(CultureInfo.InvariantCulture, $"{(v6 ? "icmpv6" : "icmp")} type {p.IcmpType} code {p.IcmpCode}"));
            }
            else
            {
                builder.Append(ProtocolNames.IpProtocol(p.Protocol));
                if (p.Protocol == 6 && p.TcpFlags != 0)
                {
                    builder.Append(' ').Append(ProtocolNames.TcpFlags(p.TcpFlags));
                }
            }

            if (p.IsFragment && p.FragmentOffset != 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $" fragment offset {p.FragmentOffset * 8}");
            }

            if (Issue != ParseIssue.None)
            {
                builder.Append(" [").Append(ParseIssues.Name(Issue)).Append(']');
            }

            return;
        }

        if (L2 is { } l2)
        {
            builder.Append(l2.Source).Append(" -> ").Append(l2.Destination).Append(' ').Append(InnermostType());
            if (Issue != ParseIssue.NonIp)
            {
                builder.Append(" [").Append(ParseIssues.Name(Issue)).Append(']');
            }

            return;
        }

        if (Issue == ParseIssue.UnsupportedLinkType)
        {
            builder.Append("unsupported link type ").Append(LinkTypes.Describe(LinkType));
            return;
        }

        builder.Append(LinkTypes.Name(LinkType)).Append(' ').Append(Innermost is { } last && last != LinkTypes.Name(LinkType) ? last + " " : "")
            .Append('[').Append(ParseIssues.Name(Issue)).Append(']');
    }

    /// <summary>The one-line summary as a string (see <see cref="AppendSummary"/>).</summary>
    public string Summary()
    {
        var builder = new StringBuilder(80);
        AppendSummary(builder);
        return builder.ToString();
    }

    /// <summary>
    /// Writes one JSON object: time, lengths, link type, issue, summary, <c>layers</c> (one object per layer with
    /// its <c>layer</c> name and fields), and <c>l2</c>, <c>l3</c>, <c>l4</c> endpoints when decoded.
    /// </summary>
    public void WriteJson(Utf8JsonWriter writer, long timestampNs, int originalLength, int capturedLength, long? frameNumber = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ref readonly ParsedPacket p = ref _packet;
        writer.WriteStartObject();
        if (frameNumber is { } number)
        {
            writer.WriteNumber("frame", number);
        }

        writer.WriteString("time", FormatTime(timestampNs));
        writer.WriteNumber("ts_ns", timestampNs);
        writer.WriteNumber("len", originalLength);
        writer.WriteNumber("caplen", capturedLength);
        writer.WriteNumber("linktype", (int)LinkType);
        writer.WriteString("linktype_name", LinkTypes.Name(LinkType));
        writer.WriteString("issue", ParseIssues.Name(Issue));
        writer.WriteString("summary", Summary());
        writer.WriteStartArray("layers");
        foreach (DissectedLayer layer in Layers)
        {
            writer.WriteStartObject();
            writer.WriteString("layer", layer.Name);
            foreach (KeyValuePair<string, object> field in layer.Fields)
            {
                switch (field.Value)
                {
                    case long integer:
                        writer.WriteNumber(field.Key, integer);
                        break;
                    case bool flag:
                        writer.WriteBoolean(field.Key, flag);
                        break;
                    default:
                        writer.WriteString(field.Key, field.Value.ToString());
                        break;
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (L2 is { } l2)
        {
            writer.WriteStartObject("l2");
            writer.WriteString("src", l2.Source);
            writer.WriteString("dst", l2.Destination);
            writer.WriteEndObject();
        }

        if (Issue == ParseIssue.None || p.Source != 0 || p.Destination != 0)
        {
            writer.WriteStartObject("l3");
            writer.WriteString("src", FlowKey.ToIPAddress(p.Source, p.IsIPv6).ToString());
            writer.WriteString("dst", FlowKey.ToIPAddress(p.Destination, p.IsIPv6).ToString());
            writer.WriteString("version", p.IsIPv6 ? "ipv6" : "ipv4");
            writer.WriteString("proto", ProtocolNames.IpProtocol(p.Protocol));
            writer.WriteEndObject();
            if (p.HasPorts)
            {
                writer.WriteStartObject("l4");
                writer.WriteNumber("src", p.SourcePort);
                writer.WriteNumber("dst", p.DestinationPort);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>UTC time with microseconds (nanoseconds when the capture has them): <c>2024-05-01T12:00:00.123456Z</c>.</summary>
    public static string FormatTime(long timestampNs)
    {
        DateTime time = DateTime.UnixEpoch.AddTicks(Math.Clamp(timestampNs / 100, 0, DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks));
        long nanoseconds = ((timestampNs % 1_000_000_000) + 1_000_000_000) % 1_000_000_000;
        return nanoseconds % 1000 == 0
            ? time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + (nanoseconds / 1000).ToString("D6", CultureInfo.InvariantCulture) + "Z"
            : time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + nanoseconds.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>What the last layer says comes next (its ethertype name), else the last layer's own name.</summary>
    private string InnermostType()
    {
        if (Layers.Count > 0 && Layers[^1]["type"] is string type && Innermost == Layers[^1].Name)
        {
            return type;
        }

        return Innermost ?? "?";
    }

    private static void AppendEndpoint(StringBuilder builder, UInt128 address, bool v6, ushort? port)
    {
        string text = FlowKey.ToIPAddress(address, v6).ToString();
        if (port is { } value)
        {
            if (v6)
            {
                builder.Append('[').Append(text).Append(']');
            }
            else
            {
                builder.Append(text);
            }

            builder.Append(':').Append(value);
        }
        else
        {
            builder.Append(text);
        }
    }
}
