using System.Buffers.Binary;

namespace Weir.Engine.Packets;

public static partial class PacketParser
{
    /// <summary>Radiotap: version 0, pad, little-endian header length; the 802.11 frame follows the header.</summary>
    private static ParseIssue ParseRadiotap(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 8)
        {
            return ParseIssue.Truncated;
        }

        int length = BinaryPrimitives.ReadUInt16LittleEndian(f[(o + 2)..]);
        if (f[o] != 0 || length < 8)
        {
            return ParseIssue.BadLinkHeader;
        }

        if (length > f.Length - o)
        {
            return ParseIssue.Truncated;
        }

        return Parse80211(f, o + length, ref p);
    }

    /// <summary>
    /// IEEE 802.11: only data frames carrying data (not null-function) reach IP, through an LLC/SNAP header after
    /// the MAC header (24 bytes, +6 with four addresses, +2 QoS control, +4 HT control when Order is set on a
    /// QoS frame). Protected frames cannot be read.
    /// </summary>
    private static ParseIssue Parse80211(ReadOnlySpan<byte> f, int o, ref ParsedPacket p)
    {
        if (f.Length - o < 2)
        {
            return ParseIssue.Truncated;
        }

        byte control = f[o];
        byte flags = f[o + 1];
        int type = (control >> 2) & 3;
        int subtype = control >> 4;
        if (type != 2 || (subtype & 0x4) != 0)
        {
            return ParseIssue.NonIp;
        }

        bool qos = (subtype & 0x8) != 0;
        int header = 24;
        if ((flags & 0x03) == 0x03)
        {
            header += 6;
        }

        int qosOffset = header;
        if (qos)
        {
            header += 2;
            if ((flags & 0x80) != 0)
            {
                header += 4;
            }
        }

        if (f.Length - o < header)
        {
            return ParseIssue.Truncated;
        }

        if ((flags & 0x40) != 0)
        {
            return ParseIssue.UnsupportedEncapsulation;
        }

        o += header;
        if (qos && (f[o - header + qosOffset] & 0x80) != 0)
        {
            // A-MSDU: the first subframe's destination, source and length precede its LLC header.
            if (f.Length - o < 14)
            {
                return ParseIssue.Truncated;
            }

            o += 14;
        }

        return ParseLlc(f, o, ref p, 0);
    }
}
