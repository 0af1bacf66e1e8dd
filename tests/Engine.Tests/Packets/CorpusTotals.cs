using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Weir.Engine.Capture;
using Weir.Engine.Flows;
using Weir.Engine.Packets;

namespace Weir.Engine.Tests.Packets;

/// <summary>Totals of one capture file as tshark's field export computes them: frames, lengths, unordered IP pairs.</summary>
public sealed class CorpusTotals
{
    public long Packets;
    public long FrameLengthTotal;
    public long CapturedLengthTotal;
    public readonly long[] Issues = new long[ParseIssues.Count];
    public readonly Dictionary<(UInt128, UInt128, bool), (long Packets, long Bytes)> Pairs = [];

    public static CorpusTotals Read(string path)
    {
        var totals = new CorpusTotals();
        using ICaptureSource source = CaptureFile.Open(path);
        var handler = new Handler(totals);
        while (source.ReadBatch(ref handler, CancellationToken.None) >= 0)
        {
        }

        return totals;
    }

    public static (UInt128, UInt128, bool) PairKey(IPAddress a, IPAddress b)
    {
        bool v6 = a.AddressFamily == AddressFamily.InterNetworkV6;
        UInt128 x = ToNumber(a), y = ToNumber(b);
        return x <= y ? (x, y, v6) : (y, x, v6);
    }

    public static string Describe((UInt128, UInt128, bool) key) =>
        $"{FlowKey.ToIPAddress(key.Item1, key.Item3)}-{FlowKey.ToIPAddress(key.Item2, key.Item3)}";

    private static UInt128 ToNumber(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private struct Handler(CorpusTotals totals) : IFrameHandler
    {
        private ParsedPacket _packet;

        public void OnFrame(in Frame frame)
        {
            totals.Packets++;
            totals.FrameLengthTotal += frame.OriginalLength;
            totals.CapturedLengthTotal += frame.Data.Length;
            ParseIssue issue = PacketParser.Parse(frame.Data, frame.LinkType, ref _packet);
            totals.Issues[(int)issue]++;
            if (issue != ParseIssue.None)
            {
                return;
            }

            UInt128 a = _packet.Source, b = _packet.Destination;
            var key = a <= b ? (a, b, _packet.IsIPv6) : (b, a, _packet.IsIPv6);
            totals.Pairs.TryGetValue(key, out var value);
            totals.Pairs[key] = (value.Packets + 1, value.Bytes + frame.OriginalLength);
        }
    }
}
