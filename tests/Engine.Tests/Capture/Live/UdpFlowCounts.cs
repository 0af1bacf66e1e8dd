using System.Buffers.Binary;
using System.Net;
using Weir.Engine.Capture;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>One UDP flow as the test decodes it from a frame, with the capture direction.</summary>
internal readonly record struct UdpFlow(IPAddress Source, IPAddress Destination, int SourcePort, int DestinationPort, PacketDirection Direction)
{
    public override string ToString() => $"{Source}:{SourcePort} -> {Destination}:{DestinationPort} {Direction}";
}

/// <summary>Frame and byte counts per UDP flow; decodes Ethernet + IPv4/IPv6 + UDP by offset (no general parser).</summary>
internal sealed class UdpFlowCounts
{
    private readonly Lock _lock = new();
    private readonly Dictionary<UdpFlow, (int Frames, long Bytes, int MaxCaptured)> _flows = [];

    public int OtherFrames { get; private set; }

    public void Add(in Frame frame)
    {
        UdpFlow? flow = Decode(frame.Data, frame.Direction);
        lock (_lock)
        {
            if (flow is not { } key)
            {
                OtherFrames++;
                return;
            }

            _flows.TryGetValue(key, out var counts);
            _flows[key] = (counts.Frames + 1, counts.Bytes + frame.OriginalLength, Math.Max(counts.MaxCaptured, frame.Data.Length));
        }
    }

    public int Frames(UdpFlow flow)
    {
        lock (_lock)
        {
            return _flows.TryGetValue(flow, out var counts) ? counts.Frames : 0;
        }
    }

    public long Bytes(UdpFlow flow)
    {
        lock (_lock)
        {
            return _flows.TryGetValue(flow, out var counts) ? counts.Bytes : 0;
        }
    }

    public int MaxCaptured(UdpFlow flow)
    {
        lock (_lock)
        {
            return _flows.TryGetValue(flow, out var counts) ? counts.MaxCaptured : 0;
        }
    }

    /// <summary>Every flow seen that <paramref name="predicate"/> accepts, with its frame count.</summary>
    public Dictionary<UdpFlow, int> Matching(Func<UdpFlow, bool> predicate)
    {
        lock (_lock)
        {
            return _flows.Where(p => predicate(p.Key)).ToDictionary(p => p.Key, p => p.Value.Frames);
        }
    }

    public void AddAll(UdpFlowCounts other)
    {
        lock (other._lock)
        {
            lock (_lock)
            {
                foreach (var (flow, counts) in other._flows)
                {
                    _flows.TryGetValue(flow, out var mine);
                    _flows[flow] = (mine.Frames + counts.Frames, mine.Bytes + counts.Bytes, Math.Max(mine.MaxCaptured, counts.MaxCaptured));
                }

                OtherFrames += other.OtherFrames;
            }
        }
    }

    private static UdpFlow? Decode(ReadOnlySpan<byte> data, PacketDirection direction)
    {
        if (data.Length < 14)
        {
            return null;
        }

        ushort etherType = BinaryPrimitives.ReadUInt16BigEndian(data[12..]);
        ReadOnlySpan<byte> ip = data[14..];
        if (etherType == 0x0800 && ip.Length >= 20 && ip[9] == 17)
        {
            int headerLength = (ip[0] & 0x0f) * 4;
            if (ip.Length < headerLength + 8)
            {
                return null;
            }

            ReadOnlySpan<byte> udp = ip[headerLength..];
            return new UdpFlow(new IPAddress(ip[12..16]), new IPAddress(ip[16..20]),
                BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]), direction);
        }

        if (etherType == 0x86dd && ip.Length >= 48 && ip[6] == 17)
        {
            ReadOnlySpan<byte> udp = ip[40..];
            return new UdpFlow(new IPAddress(ip[8..24]), new IPAddress(ip[24..40]),
                BinaryPrimitives.ReadUInt16BigEndian(udp), BinaryPrimitives.ReadUInt16BigEndian(udp[2..]), direction);
        }

        return null;
    }
}

/// <summary>The frame handler the tests pass to sources: a struct, as production handlers are.</summary>
internal struct CountingHandler : IFrameHandler
{
    public CountingHandler(UdpFlowCounts counts) => Counts = counts;

    public UdpFlowCounts Counts { get; }

    public long Frames { get; private set; }

    public void OnFrame(in Frame frame)
    {
        Frames++;
        Counts.Add(frame);
    }
}
