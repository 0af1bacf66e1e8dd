using System.Diagnostics;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>
/// Behaviour every live source must show on a real interface (a veth pair into a namespace of the test's own),
/// re-run by one sealed subclass per source kind.
/// </summary>
public abstract class LiveSourceSuite : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(150);

    private VethNamespace? _net;

    /// <summary>The kind under test.</summary>
    protected abstract LiveSourceKind Kind { get; }

    /// <summary>Whether frames of this kind carry Inbound/Outbound.</summary>
    protected abstract bool RecordsDirection { get; }

    /// <summary>Checks the machine can run the test and creates the namespace and veth pair.</summary>
    private protected VethNamespace Net()
    {
        Requires.Root();
        Requires.Executable("ip");
        if (Kind == LiveSourceKind.Pcap)
        {
            Requires.That(BpfCompiler.IsAvailable, "needs libpcap (Debian package libpcap0.8)");
        }

        return _net ??= new VethNamespace();
    }

    protected ILiveCaptureSource Open(string iface, LiveCaptureOptions? options = null) =>
        LiveCapture.Open(iface, (options ?? CaptureLoop.Quick(Kind)) with { Source = Kind });

    private UdpFlow Expected(UdpFlow flow) => RecordsDirection ? flow : flow with { Direction = PacketDirection.Unknown };

    [SkippableFact]
    public void ReadBatch_KnownUdpTrafficBothDirections_CountsEachFlowExactly()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = Open(net.HostInterface);
        using var traffic = new KnownTraffic(net);
        traffic.Send();

        UdpFlowCounts counts = CaptureLoop.Run(source, c => traffic.Specs.All(s => c.Frames(Expected(s.Flow)) >= s.Count), s_limit, s_settle);

        foreach (KnownTraffic.Spec spec in traffic.Specs)
        {
            UdpFlow flow = Expected(spec.Flow);
            Assert.True(spec.Count == counts.Frames(flow), $"{flow}: expected {spec.Count} frames, saw {counts.Frames(flow)}");
            Assert.Equal((long)spec.Count * spec.FrameLength, counts.Bytes(flow));
        }

        // Nothing of ours under another key (wrong direction, wrong addresses).
        Assert.Equal(traffic.Specs.Count, counts.Matching(traffic.IsOurs).Count);
        Assert.Equal(LinkType.Ethernet, source.LinkType);
    }

    [SkippableFact]
    public void ReadBatch_WithFilterExcludingTwoFlows_CountsTheRestExactly()
    {
        VethNamespace net = Net();
        using var traffic = new KnownTraffic(net);
        KnownTraffic.Spec excludedV4 = traffic.Specs[0];
        KnownTraffic.Spec excludedV6 = traffic.Specs[3];
        string filter = $"udp and not (dst port {excludedV4.Flow.DestinationPort} or src port {excludedV6.Flow.SourcePort})";
        using ILiveCaptureSource source = Open(net.HostInterface, CaptureLoop.Quick(Kind) with { Filter = filter });
        traffic.Send();

        KnownTraffic.Spec[] kept = [traffic.Specs[1], traffic.Specs[2]];
        UdpFlowCounts counts = CaptureLoop.Run(source, c => kept.All(s => c.Frames(Expected(s.Flow)) >= s.Count), s_limit, s_settle);

        Assert.Equal(kept[0].Count, counts.Frames(Expected(kept[0].Flow)));
        Assert.Equal(kept[1].Count, counts.Frames(Expected(kept[1].Flow)));
        Assert.Equal(0, counts.Frames(Expected(excludedV4.Flow)));
        Assert.Equal(0, counts.Frames(Expected(excludedV6.Flow)));
        // The filter passes UDP only: no neighbour discovery or other frames reach the handler.
        Assert.Equal(0, counts.OtherFrames);
    }

    [SkippableFact]
    public void Open_WithBadFilter_ThrowsBpfFilterExceptionNamingTheExpression()
    {
        VethNamespace net = Net();
        Requires.That(BpfCompiler.IsAvailable, "needs libpcap (Debian package libpcap0.8) to compile filters");

        var e = Assert.Throws<BpfFilterException>(() => Open(net.HostInterface, CaptureLoop.Quick(Kind) with { Filter = "udp port banana" }));

        Assert.Equal("udp port banana", e.Expression);
        Assert.Contains("udp port banana", e.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(e.CompilerMessage));
    }

    [SkippableFact]
    public void ReadBatch_InterfaceDeletedWhileBlocked_ThrowsInterfaceGoneWithinOneSecond()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = Open(net.HostInterface, CaptureLoop.Quick(Kind) with { PollTimeout = TimeSpan.FromSeconds(10) });

        (Exception? error, TimeSpan after) = ReadUntilFailure(source, () => VethNamespace.Ip($"link del {net.HostInterface}"));

        var gone = Assert.IsType<InterfaceGoneException>(error);
        Assert.True(gone.Deleted, gone.Message);
        Assert.Contains(net.HostInterface, gone.Message, StringComparison.Ordinal);
        Assert.True(after < TimeSpan.FromSeconds(1), $"took {after.TotalMilliseconds:F0} ms after the deletion");
    }

    [SkippableFact]
    public void ReadBatch_InterfaceSetDownWhileBlocked_ThrowsInterfaceGoneNotDeleted()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = Open(net.HostInterface, CaptureLoop.Quick(Kind) with { PollTimeout = TimeSpan.FromSeconds(10) });

        (Exception? error, TimeSpan after) = ReadUntilFailure(source, () => VethNamespace.Ip($"link set {net.HostInterface} down"));

        var gone = Assert.IsType<InterfaceGoneException>(error);
        Assert.False(gone.Deleted, gone.Message);
        Assert.True(after < TimeSpan.FromSeconds(1), $"took {after.TotalMilliseconds:F0} ms after the interface went down");
    }

    [SkippableFact]
    public void Stop_WhileBlockedInPoll_ReturnsMinusOneWithin200Milliseconds()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = Open(net.HostInterface, CaptureLoop.Quick(Kind) with { PollTimeout = TimeSpan.FromSeconds(10) });

        (int result, TimeSpan after) = ReadWhile(source, CancellationToken.None, source.Stop);

        Assert.Equal(-1, result);
        Assert.True(after < TimeSpan.FromMilliseconds(200), $"took {after.TotalMilliseconds:F0} ms after Stop");
        var handler = new CountingHandler(new UdpFlowCounts());
        Assert.Equal(-1, source.ReadBatch(ref handler, CancellationToken.None));
    }

    [SkippableFact]
    public void ReadBatch_TokenCancelledWhileBlockedInPoll_ReturnsZeroWithin200Milliseconds()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = Open(net.HostInterface, CaptureLoop.Quick(Kind) with { PollTimeout = TimeSpan.FromSeconds(10) });
        using var cancellation = new CancellationTokenSource();

        (int result, TimeSpan after) = ReadWhile(source, cancellation.Token, cancellation.Cancel);

        Assert.Equal(0, result);
        Assert.True(after < TimeSpan.FromMilliseconds(200), $"took {after.TotalMilliseconds:F0} ms after Cancel");
    }

    [SkippableFact]
    public void Stats_AcrossRoundsOfTraffic_AreNonDecreasingAndCoverDeliveredFrames()
    {
        VethNamespace net = Net();
        using ILiveCaptureSource source = Open(net.HostInterface);
        using var traffic = new KnownTraffic(net);
        CaptureSourceStats previous = source.Stats;
        for (int round = 1; round <= 3; round++)
        {
            traffic.Send();
            CaptureLoop.Run(source, c => traffic.Specs.All(s => c.Frames(Expected(s.Flow)) >= s.Count), s_limit, TimeSpan.FromMilliseconds(20));
            CaptureSourceStats now = source.Stats;

            Assert.True(now.FramesDelivered >= previous.FramesDelivered + traffic.TotalFrames, $"round {round}: {now} after {previous}");
            Assert.True(now.BytesDelivered > previous.BytesDelivered, $"round {round}: {now} after {previous}");
            Assert.True(now.KernelReceived >= previous.KernelReceived, $"round {round}: {now} after {previous}");
            Assert.True(now.KernelDropped >= previous.KernelDropped, $"round {round}: {now} after {previous}");
            Assert.True(now.KernelReceived >= now.FramesDelivered, $"round {round}: kernel saw fewer than delivered: {now}");
            previous = now;
        }

        Assert.Equal(0, previous.KernelDropped);
    }

    public void Dispose()
    {
        _net?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads on another thread, runs <paramref name="act"/> once it is blocked, and times the failure.</summary>
    private static (Exception? Error, TimeSpan After) ReadUntilFailure(ILiveCaptureSource source, Action act)
    {
        Exception? error = null;
        long failedAt = 0;
        var reader = new Thread(() =>
        {
            var handler = new CountingHandler(new UdpFlowCounts());
            try
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(15) && source.ReadBatch(ref handler, CancellationToken.None) >= 0)
                {
                }
            }
            catch (Exception e)
            {
                failedAt = Stopwatch.GetTimestamp();
                error = e;
            }
        });
        reader.Start();
        Thread.Sleep(200);
        act();
        long actedAt = Stopwatch.GetTimestamp();
        Assert.True(reader.Join(TimeSpan.FromSeconds(15)), "the reader did not return");
        return (error, failedAt == 0 ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(actedAt, Math.Max(actedAt, failedAt)));
    }

    /// <summary>Blocks one read on another thread, runs <paramref name="act"/>, and times the return.</summary>
    private static (int Result, TimeSpan After) ReadWhile(ILiveCaptureSource source, CancellationToken token, Action act)
    {
        int result = int.MinValue;
        long returnedAt = 0;
        var reader = new Thread(() =>
        {
            var handler = new CountingHandler(new UdpFlowCounts());
            // Anything already on the interface (neighbour discovery after link-up) is read first; the read that
            // matters is the one left blocked when act runs.
            do
            {
                result = source.ReadBatch(ref handler, token);
            }
            while (result > 0);
            returnedAt = Stopwatch.GetTimestamp();
        });
        reader.Start();
        Thread.Sleep(300);
        long actedAt = Stopwatch.GetTimestamp();
        act();
        Assert.True(reader.Join(TimeSpan.FromSeconds(15)), "the reader did not return");
        return (result, Stopwatch.GetElapsedTime(actedAt, returnedAt));
    }
}

/// <summary>The suite on the AF_PACKET TPACKET_V3 ring.</summary>
public sealed class AfPacketSourceSuiteTests : LiveSourceSuite
{
    protected override LiveSourceKind Kind => LiveSourceKind.AfPacket;

    protected override bool RecordsDirection => true;
}

/// <summary>The suite on the libpcap live handle.</summary>
public sealed class PcapLiveSourceSuiteTests : LiveSourceSuite
{
    protected override LiveSourceKind Kind => LiveSourceKind.Pcap;

    protected override bool RecordsDirection => false;
}
