using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Engine.Synthetic;

/// <summary>
/// One run of <see cref="TrafficGenerator"/>: all the mutable state of making one capture, so that every run
/// with the same options starts from the same seed and gives the same bytes.
/// </summary>
/// <remarks>
/// <para>
/// The generator keeps <see cref="TrafficGeneratorOptions.Flows"/> slots, each running one conversation at a
/// time and starting the next when it ends. Which slot sends next is decided by a virtual clock: every
/// conversation has a mean gap between its frames (bulk transfers a short one, request/response and echo a
/// long one) and a min-heap of the slots' next virtual times picks the earliest. That interleaves
/// conversations realistically without tying the written timestamps to it: those come from a separate clock
/// at the requested average rate, so they strictly increase.
/// </para>
/// <para>
/// Each frame is built in one reused buffer; payload bytes are copied from a fixed random pattern whose
/// prefix sums give the TCP/UDP/ICMP checksum of any slice in constant time. Nothing is allocated per frame;
/// the flow table grows once per new flow.
/// </para>
/// </remarks>
internal sealed partial class GeneratorRun
{
    private const int ClientPool = 1 << 16;
    private const int ServerPool = 1 << 14;
    private const int Resolvers = 8;
    private const int ProgressInterval = 1 << 16;

    private static readonly ushort[] s_tcpPorts = [443, 443, 443, 443, 443, 443, 443, 443, 443, 443, 80, 80, 80, 22, 8080, 8443, 5432, 3306, 6379, 9092, 25, 993, 445, 3389, 9200, 2049];

    private readonly TrafficGeneratorOptions _options;
    private readonly int _snapLength;
    private readonly double _meanGapUs;
    private readonly byte[] _frame = new byte[2048];
    private readonly PayloadPattern _pattern;
    private readonly Conversation[] _slots;
    private readonly double[] _heapTime;
    private readonly int[] _heapSlot;
    private readonly Dictionary<FlowKey, int> _flowIndex = [];
    private Xoshiro256 _random;
    private FlowAccumulator[] _flows = new FlowAccumulator[1024];
    private int _flowCount;

    private long _timestampNs;
    private long _packets;
    private long _bytes;
    private long _capturedBytes;
    private long _connections;
    private long _ipv6Packets;
    private long _vlanPackets;
    private long _tcpPackets;
    private long _udpPackets;
    private long _icmpPackets;

    public GeneratorRun(TrafficGeneratorOptions options)
    {
        _options = options;
        _snapLength = Math.Min(options.SnapLength, _frame.Length);
        _meanGapUs = 1_000_000.0 / options.PacketsPerSecond;
        _random = new Xoshiro256(options.Seed);
        _pattern = new PayloadPattern(ref _random);
        int slots = (int)Math.Min(options.Flows, Math.Max(1, options.Packets));
        _slots = new Conversation[slots];
        _heapTime = new double[slots];
        _heapSlot = new int[slots];
    }

    public GeneratedTruth Execute<THandler>(ref THandler handler, IProgress<long>? progress)
        where THandler : struct, IFrameHandler
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            StartConversation(ref _slots[i]);
            _heapSlot[i] = i;
            _heapTime[i] = _random.NextDouble() * _slots[i].Gap * 4;
        }

        for (int i = (_slots.Length / 2) - 1; i >= 0; i--)
        {
            SiftDown(i);
        }

        _timestampNs = _options.StartTimeNs;
        long total = _options.Packets;
        for (long p = 0; p < total; p++)
        {
            if (p > 0)
            {
                AdvanceClock();
            }

            int slot = _heapSlot[0];
            double now = _heapTime[0];
            ref Conversation c = ref _slots[slot];
            if (Emit(ref c, ref handler))
            {
                StartConversation(ref c);
                _heapTime[0] = now + _random.Exponential(c.Gap * 4);
            }
            else
            {
                _heapTime[0] = now + (c.Gap * (0.5 + _random.NextDouble()));
            }

            SiftDown(0);
            if (progress is not null && (p + 1) % ProgressInterval == 0)
            {
                progress.Report(p + 1);
            }
        }

        progress?.Report(total);
        return BuildTruth();
    }

    private void AdvanceClock()
    {
        long gapUs = _meanGapUs < 1.5 ? 1 : 1 + (long)_random.Exponential(_meanGapUs - 0.5);
        _timestampNs += gapUs * 1000;
    }

    /// <summary>Restores the heap below <paramref name="i"/>; ties in virtual time go to the lower slot, so the order is total.</summary>
    private void SiftDown(int i)
    {
        int n = _heapTime.Length;
        double time = _heapTime[i];
        int slot = _heapSlot[i];
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && Earlier(_heapTime[child + 1], _heapSlot[child + 1], _heapTime[child], _heapSlot[child]))
            {
                child++;
            }

            if (!Earlier(_heapTime[child], _heapSlot[child], time, slot))
            {
                break;
            }

            _heapTime[i] = _heapTime[child];
            _heapSlot[i] = _heapSlot[child];
            i = child;
        }

        _heapTime[i] = time;
        _heapSlot[i] = slot;
    }

    private static bool Earlier(double t1, int s1, double t2, int s2) => t1 < t2 || (t1 == t2 && s1 < s2);

    /// <summary>Sends the conversation's next frame; returns whether that was its last.</summary>
    private bool Emit<THandler>(ref Conversation c, ref THandler handler)
        where THandler : struct, IFrameHandler => c.Kind switch
        {
            ConversationKind.Tcp => EmitTcp(ref c, ref handler),
            ConversationKind.UdpExchange => EmitUdpExchange(ref c, ref handler),
            ConversationKind.UdpStream => EmitUdpStream(ref c, ref handler),
            _ => EmitEcho(ref c, ref handler),
        };

    private void StartConversation(ref Conversation c)
    {
        c = default;
        double kind = _random.NextDouble();
        c.Kind = kind switch
        {
            < 0.50 => ConversationKind.Tcp,
            < 0.82 => ConversationKind.UdpExchange,
            < 0.92 => ConversationKind.Echo,
            _ => ConversationKind.UdpStream,
        };
        c.IsIPv6 = _random.Chance(_options.IPv6Share);

        // Clients are mildly skewed (a few busy hosts); servers strongly, log-uniformly, so that some servers
        // are top talkers and most are seen once or twice.
        double cu = _random.NextDouble();
        c.ClientIndex = (int)(cu * cu * ClientPool);
        int serverIndex = (int)Math.Exp(_random.NextDouble() * Math.Log(ServerPool)) - 1;
        c.Vlan = _random.Chance(_options.VlanShare) ? (ushort)(100 + (c.ClientIndex % 8)) : (ushort)0;
        c.ClientPort = (ushort)(32768 + _random.Next(28232));
        c.IpIdClient = (ushort)_random.Next(65536);
        c.IpIdServer = (ushort)_random.Next(65536);
        c.FlowLabel = (uint)_random.Next(1 << 20);

        switch (c.Kind)
        {
            case ConversationKind.Tcp:
                StartTcp(ref c);
                break;
            case ConversationKind.UdpExchange:
                c.Protocol = 17;
                if (_random.Chance(0.85))
                {
                    c.ServerPort = 53;
                    serverIndex = _random.Next(Resolvers);
                }
                else
                {
                    c.ServerPort = 123;
                    serverIndex = Resolvers + _random.Next(4);
                }

                c.Exchanges = 1 + Geometric(0.35, 15);
                c.Silent = _random.Chance(0.02);
                c.Gap = 1.0;
                break;
            case ConversationKind.UdpStream:
                StartStream(ref c);
                break;
            default:
                c.Protocol = c.IsIPv6 ? (byte)58 : (byte)1;
                c.Exchanges = 1 + Geometric(0.75, 60);
                c.Silent = _random.Chance(0.05);
                c.EchoId = (ushort)_random.Next(65536);
                c.EchoSeq = 1;
                c.Payload = 56;
                c.Gap = 2.0;
                break;
        }

        c.TtlServer = (byte)(64 - (serverIndex % 12));
        c.Client = ClientAddress(c.ClientIndex, c.IsIPv6);
        c.Server = ServerAddress(serverIndex, c.IsIPv6);
        c.AddressSum = WordSum(c.Client) + WordSum(c.Server);
        c.FlowIndex = FlowFor(new FlowKey(c.Client, c.Server, c.Protocol is 6 or 17 ? c.ServerPort : (ushort)0, c.Protocol, c.IsIPv6));
    }

    private void StartTcp(ref Conversation c)
    {
        c.Protocol = 6;
        c.ServerPort = s_tcpPorts[_random.Next(s_tcpPorts.Length)];
        c.Mss = c.IsIPv6 ? 1440 : 1460;
        c.ClientSeq = (uint)_random.NextUInt64();
        c.ServerSeq = (uint)_random.NextUInt64();
        c.Upload = _random.Chance(0.08);
        c.ClientCloses = _random.Chance(0.7);
        c.Bulk = _random.Chance(0.005);
        c.Exchanges = c.Bulk ? 1 : 1 + Geometric(0.4, 30);
        NextExchange(ref c);

        // Bulk transfers send much faster than chatty ones; the rate grows with the square root of the
        // expected frame count, so elephants carry most bytes without starving the mice.
        double expectedFrames = 8 + (1.5 * c.Exchanges * (c.BurstLeft + c.ResponseBytes) / c.Mss);
        c.Gap = Math.Pow(expectedFrames, -0.8);
    }

    /// <summary>Draws the sizes of the next request and response: requests log-normal, responses Pareto (the heavy tail) or, for bulk transfers, log-normal around 2 MB.</summary>
    private void NextExchange(ref Conversation c)
    {
        long request = Math.Clamp((long)_random.LogNormal(Math.Log(350), 0.7), 40, 64 * 1024);
        // Bulk transfers (backups, downloads) keep the top flows big even in a short capture, where the rare
        // giants of the Pareto tail may not show up.
        double size = c.Bulk ? _random.LogNormal(Math.Log(2_000_000), 0.8) : _random.Pareto(1000, 1.05);
        long response = Math.Clamp((long)size, 1, 1L << 31);
        c.BurstFromClient = true;
        c.BurstLeft = c.Upload ? response : request;
        c.ResponseBytes = c.Upload ? request : response;
    }

    private void StartStream(ref Conversation c)
    {
        c.Protocol = 17;
        double u = _random.NextDouble();
        (c.ServerPort, c.Payload) = u switch
        {
            < 0.45 => ((ushort)5004, 172),
            < 0.70 => ((ushort)514, 0),
            < 0.85 => ((ushort)4500, 1),
            _ => ((ushort)5000, 1316),
        };
        c.BurstLeft = Math.Clamp((long)_random.Pareto(6, 1.15), 1, 2_000_000);
        c.Gap = 1.0 / Math.Sqrt(4 + c.BurstLeft);
    }

    private int Geometric(double p, int max)
    {
        int n = 0;
        while (n < max && _random.Chance(p))
        {
            n++;
        }

        return n;
    }

    private int FlowFor(FlowKey key)
    {
        if (_flowIndex.TryGetValue(key, out int index))
        {
            return index;
        }

        if (_flowCount == _flows.Length)
        {
            Array.Resize(ref _flows, _flows.Length * 2);
        }

        index = _flowCount++;
        _flows[index] = new FlowAccumulator { Key = key };
        _flowIndex.Add(key, index);
        return index;
    }

    private static UInt128 ClientAddress(int index, bool ipv6)
    {
        if (ipv6)
        {
            return new UInt128(0x2001_0db8_00c1_0000, Mix((ulong)index));
        }

        // 10.0.0.0/8, scattered by an odd multiplier (a bijection on 24 bits), never .0 or .255.
        uint host = ((uint)index * 0x9E3779B1u) & 0xFFFFFF;
        return 0x0A000000u | FixHostByte(host);
    }

    private static UInt128 ServerAddress(int index, bool ipv6)
    {
        if (ipv6)
        {
            return new UInt128(0x2001_0db8_005e_0000, Mix((ulong)index + 0x5e00_0000));
        }

        // 198.18.0.0/15, the benchmarking range.
        uint host = ((uint)index * 0x85EBCA6Bu) & 0x1FFFF;
        return 0xC6120000u | FixHostByte(host);
    }

    private static uint FixHostByte(uint host) => (host & 0xFF) switch
    {
        0 => host | 1,
        255 => host - 1,
        _ => host,
    };

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    private static ulong WordSum(UInt128 address)
    {
        ulong sum = 0;
        for (int shift = 0; shift < 128; shift += 16)
        {
            sum += (ushort)(address >> shift);
        }

        return sum;
    }

    private GeneratedTruth BuildTruth()
    {
        var records = new List<FlowRecord>(_flowCount);
        for (int i = 0; i < _flowCount; i++)
        {
            ref FlowAccumulator f = ref _flows[i];
            if (f.PacketsSent + f.PacketsReceived > 0)
            {
                records.Add(f.ToRecord());
            }
        }

        var totals = new GeneratedTotals(
            _packets, _bytes, _capturedBytes, records.Count, _connections, _ipv6Packets, _vlanPackets,
            _tcpPackets, _udpPackets, _icmpPackets,
            _packets > 0 ? _options.StartTimeNs : 0, _packets > 0 ? _timestampNs : 0);
        return new GeneratedTruth(_options, records, totals);
    }
}
