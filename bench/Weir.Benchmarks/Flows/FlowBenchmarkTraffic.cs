using Weir.Engine.Packets;

namespace Weir.Benchmarks.Flows;

/// <summary>Synthetic pre-parsed traffic for the flow benchmarks: client/server connections, 80 % IPv4 and 20 % IPv6, TCP and UDP.</summary>
internal static class FlowBenchmarkTraffic
{
    /// <summary>
    /// <paramref name="count"/> packets over <paramref name="flows"/> distinct flows (each flow appears, in a
    /// random direction, at least once when <paramref name="count"/> ≥ <paramref name="flows"/>), shuffled in
    /// runs of <paramref name="burst"/> consecutive packets of one flow.
    /// </summary>
    public static ParsedPacket[] Packets(int flows, int count, int seed, int burst)
    {
        var rng = new Random(seed);
        var packets = new ParsedPacket[count];
        int flow = 0;
        for (int i = 0; i < count; i++)
        {
            int run = i / burst;
            if (i % burst == 0)
            {
                flow = run < flows ? run : rng.Next(flows);
            }

            bool v6 = flow % 5 == 4;
            bool tcp = flow % 3 != 0;
            UInt128 client = v6 ? new UInt128(0x20010DB800000000, (ulong)flow) : (UInt128)(0x0A000000u + (uint)flow);
            UInt128 server = v6 ? new UInt128(0x20010DB800010000, 1) : (UInt128)0xC0A80001u;
            ushort clientPort = (ushort)(32768 + (flow % 20000));
            ushort serverPort = (ushort)(1 + (flow % 1000));
            bool toServer = rng.Next(2) == 0;
            packets[i] = new ParsedPacket
            {
                Source = toServer ? client : server,
                Destination = toServer ? server : client,
                IsIPv6 = v6,
                Protocol = tcp ? (byte)6 : (byte)17,
                HasPorts = true,
                SourcePort = toServer ? clientPort : serverPort,
                DestinationPort = toServer ? serverPort : clientPort,
                TcpFlags = tcp ? (byte)0x10 : (byte)0,
            };
        }

        // Shuffle whole runs, so that each run stays together.
        int runs = count / burst;
        int[] order = Enumerable.Range(0, runs).ToArray();
        rng.Shuffle(order);
        var shuffled = new ParsedPacket[count];
        for (int r = 0; r < runs; r++)
        {
            packets.AsSpan(order[r] * burst, burst).CopyTo(shuffled.AsSpan(r * burst, burst));
        }

        return shuffled;
    }
}
