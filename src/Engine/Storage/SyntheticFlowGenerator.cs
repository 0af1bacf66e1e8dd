using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// Deterministic synthetic flow blocks with a realistic shape, for <c>weir db fill</c>, tests and benchmarks:
/// a few thousand local hosts (10.1.0.0/16, 2001:db8:1::/64) talking to tens of thousands of remote ones,
/// conversation popularity following a 1/rank law, well-known server ports dominating, 12 % IPv6, 3 % one-off
/// flows (scans, ephemeral peers) and log-normal byte counts. The same seed, interface and start always give the
/// same block, so a test can recompute what a crashed writer had written.
/// </summary>
public sealed class SyntheticFlowGenerator
{
    private const int PopulationSize = 1 << 18;
    private const int Locals4 = 3000;
    private const int Remotes4 = 60000;
    private const int Locals6 = 400;
    private const int Remotes6 = 8000;

    private static readonly (ushort Port, byte Proto, int Weight)[] s_services =
    [
        (443, 6, 420), (80, 6, 120), (53, 17, 140), (443, 17, 60), (123, 17, 25), (22, 6, 20), (25, 6, 10), (993, 6, 12),
        (3306, 6, 8), (5432, 6, 8), (8080, 6, 15), (8443, 6, 10), (389, 6, 5), (445, 6, 8), (3389, 6, 5), (5353, 17, 10),
        (1194, 17, 4), (0, 1, 25), (0, 58, 6), (9100, 6, 4), (6443, 6, 6), (2049, 6, 3), (161, 17, 4), (514, 17, 3),
    ];

    private readonly ulong _seed;
    private readonly FlowKey[] _population = new FlowKey[PopulationSize];
    private readonly int[] _serviceCdf;

    /// <summary>Creates the generator for one interface; the population of conversations depends on both arguments.</summary>
    public SyntheticFlowGenerator(ulong seed, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        InterfaceName = interfaceName;
        _seed = seed ^ Fnv(interfaceName);
        _serviceCdf = new int[s_services.Length];
        int sum = 0;
        for (int i = 0; i < s_services.Length; i++)
        {
            sum += s_services[i].Weight;
            _serviceCdf[i] = sum;
        }

        var rng = new SplitMix(_seed);
        uint[] remote4 = new uint[Remotes4];
        for (int i = 0; i < remote4.Length; i++)
        {
            remote4[i] = PublicV4(ref rng);
        }

        UInt128[] remote6 = new UInt128[Remotes6];
        for (int i = 0; i < remote6.Length; i++)
        {
            remote6[i] = new UInt128(0x2a00_0000_0000_0000UL | (rng.Next() & 0x000F_FFFF_FFFF_FFFFUL), rng.Next());
        }

        for (int i = 0; i < _population.Length; i++)
        {
            (ushort port, byte proto) = Service(ref rng);
            bool inbound = rng.NextDouble() < 0.15;
            if (rng.NextDouble() < 0.12)
            {
                UInt128 local = Local6(LogUniform(ref rng, Locals6));
                UInt128 remote = remote6[LogUniform(ref rng, Remotes6)];
                _population[i] = inbound ? new FlowKey(remote, local, port, proto == 1 ? (byte)58 : proto, true) : new FlowKey(local, remote, port, proto == 1 ? (byte)58 : proto, true);
            }
            else
            {
                uint local = Local4(LogUniform(ref rng, Locals4));
                uint remote = remote4[LogUniform(ref rng, Remotes4)];
                byte p4 = proto == 58 ? (byte)1 : proto;
                _population[i] = inbound ? FlowKey.FromIPv4(remote, local, port, p4) : FlowKey.FromIPv4(local, remote, port, p4);
            }
        }
    }

    /// <summary>The interface the blocks are labelled with.</summary>
    public string InterfaceName { get; }

    /// <summary>The block of <paramref name="flows"/> distinct flows for the interval starting at <paramref name="start"/>.</summary>
    public FlowBlock Block(DateTimeOffset start, TimeSpan interval, int flows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flows);
        var rng = new SplitMix(_seed ^ ((ulong)start.ToUnixTimeSeconds() * 0x9E3779B97F4A7C15UL));
        var index = new Dictionary<FlowKey, int>(flows);
        var records = new FlowRecord[flows];
        long startNs = FlowDbLayout.ToNs(start);
        long spanNs = Math.Max(1, (long)interval.TotalNanoseconds);
        int count = 0;
        while (count < flows)
        {
            FlowKey key = rng.NextDouble() < 0.03 ? OneOff(ref rng) : _population[LogUniform(ref rng, PopulationSize)];
            FlowCounters c = Counters(ref rng);
            if (index.TryGetValue(key, out int at))
            {
                records[at].Counters += c;
                continue;
            }

            long first = startNs + (long)(rng.NextDouble() * spanNs);
            index.Add(key, count);
            records[count++] = new FlowRecord
            {
                Key = key,
                Counters = c,
                FirstSeenNs = first,
                LastSeenNs = first + (long)(rng.NextDouble() * (startNs + spanNs - first)),
                TcpFlags = key.Protocol == 6 ? (byte)0x1B : (byte)0,
                DirectionConfident = true,
            };
        }

        FlowCounters totals = default;
        for (int i = 0; i < count; i++)
        {
            totals += records[i].Counters;
        }

        long packets = (long)totals.Packets;
        var stats = new FlowBlockStats(packets + (packets / 500), packets / 500, (long)(rng.Next() % 4), 0);
        return new FlowBlock(InterfaceName, start, start + interval, records, count, stats);
    }

    private FlowKey OneOff(ref SplitMix rng)
    {
        (ushort port, byte proto) = (rng.NextDouble() < 0.5) ? ((ushort)(1024 + (rng.Next() % 64511)), (byte)6) : Service(ref rng);
        uint local = Local4((int)(rng.Next() % Locals4));
        uint remote = PublicV4(ref rng);
        byte p4 = proto == 58 ? (byte)1 : proto;
        return rng.NextDouble() < 0.5 ? FlowKey.FromIPv4(remote, local, port, p4) : FlowKey.FromIPv4(local, remote, port, p4);
    }

    private (ushort Port, byte Proto) Service(ref SplitMix rng)
    {
        int r = (int)(rng.Next() % (ulong)_serviceCdf[^1]);
        int i = 0;
        while (_serviceCdf[i] <= r)
        {
            i++;
        }

        return (s_services[i].Port, s_services[i].Proto);
    }

    private static FlowCounters Counters(ref SplitMix rng)
    {
        // Log-normal sizes: a median flow of ~1.8 kB, a tail of multi-gigabyte transfers.
        double u1 = Math.Max(rng.NextDouble(), 1e-12), u2 = rng.NextDouble();
        double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        ulong bytes = (ulong)Math.Clamp(Math.Exp(7.5 + (2.0 * z)), 60, 5e9);
        ulong rcvd = (ulong)(bytes * (0.3 + (0.65 * rng.NextDouble())));
        ulong sent = bytes - rcvd;
        ulong size = 64 + (rng.Next() % 1400);
        ulong ps = Math.Max(1, sent / size);
        ulong pr = rcvd == 0 ? 0 : Math.Max(1, rcvd / size);
        return new FlowCounters(rcvd, sent, pr, ps);
    }

    private static int LogUniform(ref SplitMix rng, int n) =>
        Math.Min(n - 1, (int)(Math.Exp(rng.NextDouble() * Math.Log(n + 1.0)) - 1));

    private static uint Local4(int i) => 0x0A01_0000u + (uint)(((i * 7919) % 65000) + 10);

    private static UInt128 Local6(int i) => new(0x2001_0db8_0001_0000UL, 0x1000UL + (ulong)(i * 104729));

    private static uint PublicV4(ref SplitMix rng)
    {
        while (true)
        {
            uint a = (uint)rng.Next();
            uint first = a >> 24;
            if (first is not (0 or 10 or 127) && first < 224 && (a >> 16) != 0xC0A8 && (a >> 20) != 0xAC1)
            {
                return a;
            }
        }
    }

    private static ulong Fnv(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in s)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>SplitMix64: small, fast and identical on every runtime, unlike <see cref="Random"/>'s unspecified algorithm.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }
}
