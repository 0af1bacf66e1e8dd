using System.Buffers.Binary;
using System.Net;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Engine.Tests.Packets;

/// <summary>Byte-literal frame pieces for parser tests, and a one-line summary of a parse result to assert on.</summary>
public static class Pkt
{
    public static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    /// <summary>Ethernet header: dst 11:22:33:44:55:66, src aa:bb:cc:dd:ee:ff, then the ethertype.</summary>
    public static byte[] Eth(int type) => Cat(Hex("112233445566 aabbccddeeff"), U16(type));

    public static byte[] Vlan(int id, int type) => Cat(U16(id), U16(type));

    /// <summary>An IPv4 header (no checksum) followed by <paramref name="payload"/>.</summary>
    public static byte[] V4(byte protocol, byte[] payload, string src = "10.0.0.1", string dst = "10.0.0.2",
        int ihl = 5, int fragment = 0, int id = 0x1234, int? totalLength = null, int version = 4)
    {
        var h = new byte[Math.Max(20, ihl * 4)];
        h[0] = (byte)((version << 4) | ihl);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(2), (ushort)(totalLength ?? h.Length + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)id);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(6), (ushort)fragment);
        h[8] = 64;
        h[9] = protocol;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(h, 12);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(h, 16);
        for (int i = 20; i < h.Length; i++) h[i] = 1; // NOP options
        return Cat(h, payload);
    }

    /// <summary>An IPv6 header followed by <paramref name="payload"/> (extension headers included).</summary>
    public static byte[] V6(byte next, byte[] payload, string src = "2001:db8::1", string dst = "2001:db8::2", int version = 6)
    {
        var h = new byte[40];
        h[0] = (byte)(version << 4);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(4), (ushort)payload.Length);
        h[6] = next;
        h[7] = 64;
        IPAddress.Parse(src).GetAddressBytes().CopyTo(h, 8);
        IPAddress.Parse(dst).GetAddressBytes().CopyTo(h, 24);
        return Cat(h, payload);
    }

    /// <summary>A generic IPv6 extension header of 8 bytes.</summary>
    public static byte[] Ext(byte next) => [next, 0, 0, 0, 0, 0, 0, 0];

    public static byte[] Frag6(byte next, int offset, bool more, uint id) =>
        Cat([next, 0], U16((offset << 3) | (more ? 1 : 0)), [(byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id]);

    public static byte[] Tcp(int sport, int dport, byte flags) =>
        Cat(U16(sport), U16(dport), new byte[8], [0x50, flags], U16(65535), new byte[4]);

    public static byte[] Udp(int sport, int dport) => Cat(U16(sport), U16(dport), U16(8), U16(0));

    public static byte[] Icmp(byte type, byte code) => [type, code, 0, 0, 0, 1, 0, 1];

    public static readonly byte[] TcpSyn = Tcp(40000, 80, 0x02);

    /// <summary>
    /// <c>none 10.0.0.1 -> 10.0.0.2 proto 6 ports 40000 -> 80 flags 0x02</c>, or the issue's name when not counted;
    /// fragments add <c>frag off=N id=N</c>, ICMP adds <c>icmp T/C</c>.
    /// </summary>
    public static string Summary(ParseIssue issue, in ParsedPacket p)
    {
        if (issue != ParseIssue.None && p.Source == 0 && p.Destination == 0)
        {
            return ParseIssues.Name(issue);
        }

        string s = $"{ParseIssues.Name(issue)} {FlowKey.ToIPAddress(p.Source, p.IsIPv6)} -> {FlowKey.ToIPAddress(p.Destination, p.IsIPv6)} proto {p.Protocol}";
        if (p.HasPorts) s += $" ports {p.SourcePort} -> {p.DestinationPort}";
        if (p.Protocol == 6 && p.HasPorts) s += $" flags 0x{p.TcpFlags:x2}";
        if (p.HasIcmp) s += $" icmp {p.IcmpType}/{p.IcmpCode}";
        if (p.IsFragment) s += $" frag off={p.FragmentOffset} id={p.FragmentId}";
        return s;
    }

    public static string Parse(byte[] frame, Weir.Engine.Capture.LinkType linkType)
    {
        var packet = new ParsedPacket();
        ParseIssue issue = PacketParser.Parse(frame, linkType, ref packet);
        return Summary(issue, packet);
    }
}
