using System.Diagnostics;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>What only the AF_PACKET ring does: fanout over several rings, kernel-side truncation, ring metadata.</summary>
public sealed class AfPacketSourceTests : IDisposable
{
    private VethNamespace? _net;

    private VethNamespace Net()
    {
        Requires.Root();
        Requires.Executable("ip");
        return _net ??= new VethNamespace();
    }

    [SkippableFact]
    public void OpenFanout_TwoRingsInOneGroup_DeliverEachFrameToExactlyOneRing()
    {
        VethNamespace net = Net();
        IReadOnlyList<AfPacketSource> rings = LiveCapture.OpenFanout(net.HostInterface, 2, CaptureLoop.Quick(LiveSourceKind.AfPacket));
        try
        {
            Assert.Equal(2, rings.Count);
            Assert.NotNull(rings[0].FanoutGroupId);
            Assert.Equal(rings[0].FanoutGroupId, rings[1].FanoutGroupId);
            using var traffic = new KnownTraffic(net);
            traffic.Send();

            var total = new UdpFlowCounts();
            var perRing = new UdpFlowCounts[2];
            var clock = Stopwatch.StartNew();
            var handlers = new[] { new CountingHandler(new UdpFlowCounts()), new CountingHandler(new UdpFlowCounts()) };
            while (clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                for (int i = 0; i < 2; i++)
                {
                    rings[i].ReadBatch(ref handlers[i], CancellationToken.None);
                }

                if (traffic.Specs.All(s => handlers[0].Counts.Frames(s.Flow) + handlers[1].Counts.Frames(s.Flow) >= s.Count))
                {
                    break;
                }
            }

            // One more pass each so duplicates would show.
            for (int i = 0; i < 2; i++)
            {
                rings[i].ReadBatch(ref handlers[i], CancellationToken.None);
                perRing[i] = handlers[i].Counts;
                total.AddAll(perRing[i]);
            }

            foreach (KnownTraffic.Spec spec in traffic.Specs)
            {
                Assert.Equal(spec.Count, total.Frames(spec.Flow));
                // Hash fanout keeps a flow on one ring.
                Assert.True(perRing[0].Frames(spec.Flow) == 0 || perRing[1].Frames(spec.Flow) == 0, $"{spec.Flow} split over both rings");
            }
        }
        finally
        {
            foreach (AfPacketSource ring in rings)
            {
                ring.Dispose();
            }
        }
    }

    [SkippableFact]
    public void ReadBatch_SnapLengthShorterThanFrames_TruncatesDataButKeepsOriginalLength()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = LiveCapture.Open(net.HostInterface, CaptureLoop.Quick(LiveSourceKind.AfPacket) with { SnapLength = 96 });
        using var traffic = new KnownTraffic(net);
        traffic.Send();

        UdpFlowCounts counts = CaptureLoop.Run(source, c => traffic.Specs.All(s => c.Frames(s.Flow) >= s.Count), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));

        foreach (KnownTraffic.Spec spec in traffic.Specs)
        {
            Assert.Equal(spec.Count, counts.Frames(spec.Flow));
            Assert.Equal((long)spec.Count * spec.FrameLength, counts.Bytes(spec.Flow));
            Assert.Equal(Math.Min(96, spec.FrameLength), counts.MaxCaptured(spec.Flow));
        }
    }

    [SkippableFact]
    public void Open_Veth_ReportsIndexLinkTypeAndKind()
    {
        VethNamespace net = Net();
        NetworkInterfaceInfo info = NetworkInterfaces.Find(net.HostInterface) ?? throw new InvalidOperationException("veth not listed");

        using ILiveCaptureSource source = LiveCapture.Open(net.HostInterface, CaptureLoop.Quick(LiveSourceKind.Auto));

        Assert.Equal(LiveSourceKind.AfPacket, source.Kind);
        Assert.Equal(info.Index, source.InterfaceIndex);
        Assert.Equal(LinkType.Ethernet, source.LinkType);
        Assert.Equal(net.HostInterface, source.Name);
    }

    [SkippableFact]
    public void Open_Loopback_IsEthernetFramed()
    {
        Requires.Root();

        using ILiveCaptureSource source = LiveCapture.Open("lo", CaptureLoop.Quick(LiveSourceKind.AfPacket));

        Assert.Equal(LinkType.Ethernet, source.LinkType);
        Assert.Equal(1, source.InterfaceIndex);
    }

    [SkippableFact]
    public void ReadBatch_SteadyState_AllocatesNothing()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = LiveCapture.Open(net.HostInterface, CaptureLoop.Quick(LiveSourceKind.AfPacket) with { PollTimeout = TimeSpan.FromMilliseconds(20) });
        using var traffic = new KnownTraffic(net);
        using var cancellation = new CancellationTokenSource();
        var handler = new TouchingHandler();
        // Warm up: JIT, the one cancellation registration, the first pass over the ring.
        traffic.Send();
        for (int i = 0; i < 20; i++)
        {
            source.ReadBatch(ref handler, cancellation.Token);
        }

        traffic.Send();
        traffic.Send();
        int expected = 2 * traffic.TotalFrames;
        long framesBefore = handler.Frames;
        var clock = Stopwatch.StartNew();
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (handler.Frames - framesBefore < expected && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            source.ReadBatch(ref handler, cancellation.Token);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(handler.Frames - framesBefore >= expected, $"only {handler.Frames - framesBefore} frames arrived");
        Assert.Equal(0, allocated);
    }

    [SkippableFact]
    public void Open_TunDevice_IsRawIp()
    {
        Requires.Root();
        Requires.Executable("ip");
        string name = $"wtun{Random.Shared.Next(0x10000):x4}";
        VethNamespace.Ip($"tuntap add dev {name} mode tun");
        try
        {
            VethNamespace.Ip($"link set {name} up");

            using ILiveCaptureSource source = LiveCapture.Open(name, CaptureLoop.Quick(LiveSourceKind.AfPacket));

            Assert.Equal(LinkType.Raw, source.LinkType);
        }
        finally
        {
            VethNamespace.Ip($"link del {name}");
        }
    }

    public void Dispose() => _net?.Dispose();

    /// <summary>Reads a byte of every frame and counts, allocating nothing.</summary>
    private struct TouchingHandler : IFrameHandler
    {
        public long Frames;
        public long Sum;

        public void OnFrame(in Frame frame)
        {
            Frames++;
            Sum += frame.Data[0] + frame.OriginalLength;
        }
    }
}
