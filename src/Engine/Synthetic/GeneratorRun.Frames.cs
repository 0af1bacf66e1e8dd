using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Weir.Engine.Capture;

namespace Weir.Engine.Synthetic;

/// <summary>The conversation scripts and the frame builders.</summary>
internal sealed partial class GeneratorRun
{
    private const byte Fin = 0x01;
    private const byte Syn = 0x02;
    private const byte Psh = 0x08;
    private const byte Ack = 0x10;
    private const int MinimumFrame = 60;

    private const int TcpSyn = 0;
    private const int TcpSynAck = 1;
    private const int TcpHandshakeAck = 2;
    private const int TcpData = 3;
    private const int TcpFirstFin = 4;
    private const int TcpSecondFin = 5;

    /// <summary>TCP: SYN, SYN-ACK, ACK; bursts of data with an ACK every second segment and after each burst; FIN, FIN, ACK.</summary>
    private bool EmitTcp<THandler>(ref Conversation c, ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        switch (c.Step)
        {
            case TcpSyn:
                Deliver(ref handler, ref c, true, BuildTcp(ref c, true, Syn, 0), Syn);
                c.ClientSeq++;
                c.Step = TcpSynAck;
                return false;
            case TcpSynAck:
                Deliver(ref handler, ref c, false, BuildTcp(ref c, false, Syn | Ack, 0), Syn | Ack);
                c.ServerSeq++;
                c.Step = TcpHandshakeAck;
                return false;
            case TcpHandshakeAck:
                Deliver(ref handler, ref c, true, BuildTcp(ref c, true, Ack, 0), Ack);
                c.Step = TcpData;
                return false;
            case TcpData:
                if (c.AckPending)
                {
                    Deliver(ref handler, ref c, !c.BurstFromClient, BuildTcp(ref c, !c.BurstFromClient, Ack, 0), Ack);
                    c.AckPending = false;
                    if (c.BurstLeft == 0)
                    {
                        NextBurst(ref c);
                    }

                    return false;
                }

                int length = (int)Math.Min(c.Mss, c.BurstLeft);
                c.BurstLeft -= length;
                byte flags = c.BurstLeft == 0 ? (byte)(Ack | Psh) : Ack;
                Deliver(ref handler, ref c, c.BurstFromClient, BuildTcp(ref c, c.BurstFromClient, flags, length), flags);
                if (c.BurstFromClient)
                {
                    c.ClientSeq += (uint)length;
                }
                else
                {
                    c.ServerSeq += (uint)length;
                }

                if (++c.Unacknowledged >= 2 || c.BurstLeft == 0)
                {
                    c.AckPending = true;
                    c.Unacknowledged = 0;
                }

                return false;
            case TcpFirstFin:
                Deliver(ref handler, ref c, c.ClientCloses, BuildTcp(ref c, c.ClientCloses, Fin | Ack, 0), Fin | Ack);
                AdvanceSequence(ref c, c.ClientCloses);
                c.Step = TcpSecondFin;
                return false;
            case TcpSecondFin:
                Deliver(ref handler, ref c, !c.ClientCloses, BuildTcp(ref c, !c.ClientCloses, Fin | Ack, 0), Fin | Ack);
                AdvanceSequence(ref c, !c.ClientCloses);
                c.Step++;
                return false;
            default:
                Deliver(ref handler, ref c, c.ClientCloses, BuildTcp(ref c, c.ClientCloses, Ack, 0), Ack);
                return true;
        }
    }

    private static void AdvanceSequence(ref Conversation c, bool client)
    {
        if (client)
        {
            c.ClientSeq++;
        }
        else
        {
            c.ServerSeq++;
        }
    }

    private void NextBurst(ref Conversation c)
    {
        if (c.BurstFromClient)
        {
            c.BurstFromClient = false;
            c.BurstLeft = c.ResponseBytes;
        }
        else if (--c.Exchanges > 0)
        {
            NextExchange(ref c);
        }
        else
        {
            c.Step = TcpFirstFin;
        }
    }

    /// <summary>UDP request/response: DNS (a real query for an A or AAAA record and its answer) or NTP (48 bytes each way).</summary>
    private bool EmitUdpExchange<THandler>(ref Conversation c, ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        if (c.Step == 0)
        {
            c.QuerySeed = _random.NextUInt64();
            Deliver(ref handler, ref c, true, BuildUdpMessage(ref c, true), 0);
            if (!c.Silent && !_random.Chance(0.02))
            {
                c.Step = 1;
                return false;
            }
        }
        else
        {
            Deliver(ref handler, ref c, false, BuildUdpMessage(ref c, false), 0);
            c.Step = 0;
        }

        return --c.Exchanges <= 0;
    }

    /// <summary>A one-way UDP stream: RTP voice (172 bytes), syslog (variable, small), IPsec NAT-T (variable, mostly full), video (1316).</summary>
    private bool EmitUdpStream<THandler>(ref Conversation c, ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        int maximum = c.IsIPv6 ? 1452 : 1472;
        int payload = c.Payload switch
        {
            0 => Math.Clamp((int)_random.LogNormal(Math.Log(180), 0.6), 40, 1400),
            1 => _random.Chance(0.6) ? maximum - 40 : 100 + _random.Next(maximum - 140),
            _ => c.Payload,
        };
        Deliver(ref handler, ref c, true, BuildUdp(ref c, true, payload), 0);
        return --c.BurstLeft <= 0;
    }

    /// <summary>ICMP / ICMPv6 echo: request, reply (unless the target is silent), the sequence number counting up.</summary>
    private bool EmitEcho<THandler>(ref Conversation c, ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        if (c.Step == 0)
        {
            Deliver(ref handler, ref c, true, BuildEcho(ref c, true), 0);
            if (!c.Silent)
            {
                c.Step = 1;
                return false;
            }
        }
        else
        {
            Deliver(ref handler, ref c, false, BuildEcho(ref c, false), 0);
            c.Step = 0;
        }

        c.EchoSeq++;
        return --c.Exchanges <= 0;
    }

    /// <summary>Hands the frame in the buffer to the handler and counts it into its flow and the totals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Deliver<THandler>(ref THandler handler, ref Conversation c, bool fromClient, int length, byte tcpFlags)
        where THandler : struct, IFrameHandler
    {
        int captured = Math.Min(length, _snapLength);
        PacketDirection direction = !_options.MarkDirection ? PacketDirection.Unknown
            : fromClient ? PacketDirection.Outbound : PacketDirection.Inbound;
        handler.OnFrame(new Frame(_frame.AsSpan(0, captured), _timestampNs, length, LinkType.Ethernet, direction));

        ref FlowAccumulator flow = ref _flows[c.FlowIndex];
        if (flow.PacketsSent + flow.PacketsReceived == 0)
        {
            flow.FirstSeenNs = _timestampNs;
        }

        flow.LastSeenNs = _timestampNs;
        flow.TcpFlags |= tcpFlags;
        if (fromClient)
        {
            flow.BytesSent += (ulong)length;
            flow.PacketsSent++;
        }
        else
        {
            flow.BytesReceived += (ulong)length;
            flow.PacketsReceived++;
        }

        if (!c.Started)
        {
            c.Started = true;
            _connections++;
        }

        _packets++;
        _bytes += length;
        _capturedBytes += captured;
        if (c.IsIPv6)
        {
            _ipv6Packets++;
        }

        if (c.Vlan != 0)
        {
            _vlanPackets++;
        }

        switch (c.Protocol)
        {
            case 6: _tcpPackets++; break;
            case 17: _udpPackets++; break;
            default: _icmpPackets++; break;
        }
    }

    /// <summary>Builds a TCP segment; SYNs carry MSS, SACK-permitted and window-scale options. Returns the frame length.</summary>
    private int BuildTcp(ref Conversation c, bool fromClient, byte flags, int payloadLength)
    {
        bool syn = (flags & Syn) != 0;
        int headerLength = syn ? 32 : 20;
        int l4Length = headerLength + payloadLength;
        Span<byte> f = _frame;
        int t = WriteLinkAndNetwork(f, ref c, fromClient, l4Length);
        Span<byte> tcp = f.Slice(t, headerLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, fromClient ? c.ClientPort : c.ServerPort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], fromClient ? c.ServerPort : c.ClientPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], fromClient ? c.ClientSeq : c.ServerSeq);
        uint ack = (flags & Ack) == 0 ? 0 : fromClient ? c.ServerSeq : c.ClientSeq;
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], ack);
        tcp[12] = (byte)((headerLength / 4) << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], syn ? (ushort)64240 : fromClient ? (ushort)502 : (ushort)509);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[16..], 0);
        if (syn)
        {
            // MSS, NOP, NOP, SACK permitted, NOP, window scale 7.
            BinaryPrimitives.WriteUInt32BigEndian(tcp[20..], 0x0204_0000u | (uint)c.Mss);
            BinaryPrimitives.WriteUInt32BigEndian(tcp[24..], 0x0101_0402u);
            BinaryPrimitives.WriteUInt32BigEndian(tcp[28..], 0x0103_0307u);
        }

        int start = CopyPayload(f, t + headerLength, payloadLength);
        ulong sum = c.AddressSum + 6u + (uint)l4Length + HeaderSum(tcp) + (payloadLength > 0 ? _pattern.Sum(start, payloadLength) : 0);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Checksum(sum));
        return Pad(f, t + l4Length);
    }

    /// <summary>Builds a UDP datagram. Returns the frame length.</summary>
    private int BuildUdp(ref Conversation c, bool fromClient, int payloadLength)
    {
        int l4Length = 8 + payloadLength;
        Span<byte> f = _frame;
        int u = WriteLinkAndNetwork(f, ref c, fromClient, l4Length);
        Span<byte> udp = f.Slice(u, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, fromClient ? c.ClientPort : c.ServerPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], fromClient ? c.ServerPort : c.ClientPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)l4Length);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        int start = CopyPayload(f, u + 8, payloadLength);
        ulong sum = c.AddressSum + 17u + (uint)l4Length + HeaderSum(udp) + _pattern.Sum(start, payloadLength);
        ushort checksum = Checksum(sum);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return Pad(f, u + l4Length);
    }

    /// <summary>Builds a DNS or NTP datagram whose payload is written in place (not cut from the pattern). Returns the frame length.</summary>
    private int BuildUdpMessage(ref Conversation c, bool fromClient)
    {
        Span<byte> f = _frame;
        int u = 14 + (c.Vlan != 0 ? 4 : 0) + (c.IsIPv6 ? 40 : 20);
        Span<byte> payload = f[(u + 8)..];
        int payloadLength = c.ServerPort == 123
            ? WriteNtp(payload, !fromClient, _timestampNs)
            : WriteDns(payload, c.QuerySeed, !fromClient, c.IsIPv6);
        int l4Length = 8 + payloadLength;
        WriteLinkAndNetwork(f, ref c, fromClient, l4Length);
        Span<byte> udp = f.Slice(u, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, fromClient ? c.ClientPort : c.ServerPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], fromClient ? c.ServerPort : c.ClientPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)l4Length);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        ulong sum = c.AddressSum + 17u + (uint)l4Length + HeaderSum(f.Slice(u, l4Length));
        ushort checksum = Checksum(sum);
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xFFFF : checksum);
        return Pad(f, u + l4Length);
    }

    /// <summary>
    /// Writes a DNS query (recursion desired) or its response (1–4 answers) for a name drawn from
    /// <paramref name="seed"/>, so that the response repeats the query's id and question. Returns its length.
    /// </summary>
    private static int WriteDns(Span<byte> p, ulong seed, bool response, bool ipv6)
    {
        var r = new Xoshiro256(seed);
        ushort id = (ushort)r.NextUInt64();
        int answers = 1 + r.Next(4);
        ushort type = ipv6 ? (ushort)28 : (ushort)1;
        BinaryPrimitives.WriteUInt16BigEndian(p, id);
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], response ? (ushort)0x8180 : (ushort)0x0100);
        BinaryPrimitives.WriteUInt16BigEndian(p[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(p[6..], response ? (ushort)answers : (ushort)0);
        BinaryPrimitives.WriteUInt32BigEndian(p[8..], 0);
        int o = 12;
        int hostLength = 3 + r.Next(10);
        p[o++] = (byte)hostLength;
        for (int i = 0; i < hostLength; i++)
        {
            p[o++] = (byte)"abcdefghijklmnopqrstuvwxyz0123456789"[r.Next(36)];
        }

        o = WriteLabel(p, o, s_domains[r.Next(s_domains.Length)]);
        o = WriteLabel(p, o, s_topLevel[r.Next(s_topLevel.Length)]);
        p[o++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(p[o..], type);
        BinaryPrimitives.WriteUInt16BigEndian(p[(o + 2)..], 1);
        o += 4;
        if (!response)
        {
            return o;
        }

        int dataLength = ipv6 ? 16 : 4;
        for (int a = 0; a < answers; a++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(p[o..], 0xC00C);
            BinaryPrimitives.WriteUInt16BigEndian(p[(o + 2)..], type);
            BinaryPrimitives.WriteUInt16BigEndian(p[(o + 4)..], 1);
            BinaryPrimitives.WriteUInt32BigEndian(p[(o + 6)..], 60 + (uint)r.Next(3600));
            BinaryPrimitives.WriteUInt16BigEndian(p[(o + 10)..], (ushort)dataLength);
            o += 12;
            ulong bits = r.NextUInt64();
            for (int i = 0; i < dataLength; i++)
            {
                p[o++] = (byte)(bits >> (8 * (i & 7)));
            }
        }

        return o;
    }

    private static readonly string[] s_domains = ["example", "weir", "cdn", "api", "mail", "static", "login", "metrics"];
    private static readonly string[] s_topLevel = ["com", "net", "org", "test"];

    private static int WriteLabel(Span<byte> p, int o, string label)
    {
        p[o] = (byte)label.Length;
        for (int i = 0; i < label.Length; i++)
        {
            p[o + 1 + i] = (byte)label[i];
        }

        return o + 1 + label.Length;
    }

    /// <summary>Writes an NTPv4 client request or server reply carrying the frame's time. Returns 48.</summary>
    private static int WriteNtp(Span<byte> p, bool reply, long timestampNs)
    {
        p[..48].Clear();
        p[0] = reply ? (byte)0x24 : (byte)0x23;
        p[1] = reply ? (byte)2 : (byte)0;
        p[2] = 6;
        p[3] = 0xE9;
        long seconds = timestampNs / 1_000_000_000;
        ulong fraction = (ulong)(timestampNs % 1_000_000_000) * (1UL << 32) / 1_000_000_000;
        BinaryPrimitives.WriteUInt32BigEndian(p[40..], (uint)(seconds + 2_208_988_800L));
        BinaryPrimitives.WriteUInt32BigEndian(p[44..], (uint)fraction);
        return 48;
    }

    /// <summary>Builds an ICMP or ICMPv6 echo request or reply. Returns the frame length.</summary>
    private int BuildEcho(ref Conversation c, bool request)
    {
        int l4Length = 8 + c.Payload;
        Span<byte> f = _frame;
        int i = WriteLinkAndNetwork(f, ref c, request, l4Length);
        Span<byte> icmp = f.Slice(i, 8);
        icmp[0] = c.IsIPv6 ? (request ? (byte)128 : (byte)129) : (request ? (byte)8 : (byte)0);
        icmp[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[4..], c.EchoId);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], c.EchoSeq);

        // The reply echoes the request's data: both take the slice named by the id and sequence number.
        int start = ((c.EchoId ^ (c.EchoSeq * 40503)) & (PayloadPattern.Starts - 1)) * 2;
        int captured = Math.Clamp(_snapLength - (i + 8), 0, c.Payload);
        _pattern.Slice(start, captured).CopyTo(f[(i + 8)..]);
        ulong sum = HeaderSum(icmp) + _pattern.Sum(start, c.Payload);
        if (c.IsIPv6)
        {
            sum += c.AddressSum + 58u + (uint)l4Length;
        }

        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Checksum(sum));
        return Pad(f, i + l4Length);
    }

    /// <summary>
    /// Writes Ethernet (client MAC 02:00:&lt;index&gt;, gateway 02:ff:00:00:00:01), the 802.1Q tag if any and the
    /// IPv4 (with its header checksum) or IPv6 header. Returns the offset of the transport header.
    /// </summary>
    private static int WriteLinkAndNetwork(Span<byte> f, ref Conversation c, bool fromClient, int l4Length)
    {
        Span<byte> client = fromClient ? f[6..12] : f[..6];
        Span<byte> gateway = fromClient ? f[..6] : f[6..12];
        BinaryPrimitives.WriteUInt16BigEndian(client, 0x0200);
        BinaryPrimitives.WriteUInt32BigEndian(client[2..], (uint)c.ClientIndex);
        BinaryPrimitives.WriteUInt16BigEndian(gateway, 0x02ff);
        BinaryPrimitives.WriteUInt32BigEndian(gateway[2..], 1);
        int o = 12;
        if (c.Vlan != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(f[14..], c.Vlan);
            o = 16;
        }

        if (c.IsIPv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[o..], 0x86DD);
            Span<byte> ip = f.Slice(o + 2, 40);
            BinaryPrimitives.WriteUInt32BigEndian(ip, 0x6000_0000u | c.FlowLabel);
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)l4Length);
            ip[6] = c.Protocol;
            ip[7] = fromClient ? (byte)64 : c.TtlServer;
            BinaryPrimitives.WriteUInt128BigEndian(ip[8..], fromClient ? c.Client : c.Server);
            BinaryPrimitives.WriteUInt128BigEndian(ip[24..], fromClient ? c.Server : c.Client);
            return o + 42;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[o..], 0x0800);
            Span<byte> ip = f.Slice(o + 2, 20);
            ip[0] = 0x45;
            ip[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + l4Length));
            BinaryPrimitives.WriteUInt16BigEndian(ip[4..], fromClient ? c.IpIdClient++ : c.IpIdServer++);
            BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
            ip[8] = fromClient ? (byte)64 : c.TtlServer;
            ip[9] = c.Protocol;
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
            BinaryPrimitives.WriteUInt32BigEndian(ip[12..], (uint)(fromClient ? c.Client : c.Server));
            BinaryPrimitives.WriteUInt32BigEndian(ip[16..], (uint)(fromClient ? c.Server : c.Client));
            BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(HeaderSum(ip)));
            return o + 22;
        }
    }

    /// <summary>Copies a random pattern slice as payload at <paramref name="at"/>, only as far as the snap length reaches; returns the slice's start.</summary>
    private int CopyPayload(Span<byte> f, int at, int length)
    {
        int start = _random.Next(PayloadPattern.Starts) * 2;
        int captured = Math.Clamp(_snapLength - at, 0, length);
        _pattern.Slice(start, captured).CopyTo(f[at..]);
        return start;
    }

    /// <summary>Pads a frame shorter than Ethernet's minimum with zeros (as a NIC does); returns the frame length.</summary>
    private static int Pad(Span<byte> f, int end)
    {
        if (end >= MinimumFrame)
        {
            return end;
        }

        f[end..MinimumFrame].Clear();
        return MinimumFrame;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong HeaderSum(ReadOnlySpan<byte> header)
    {
        ulong sum = 0;
        int i = 0;
        for (; i + 1 < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        if (i < header.Length)
        {
            sum += (uint)header[i] << 8;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Checksum(ulong sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
