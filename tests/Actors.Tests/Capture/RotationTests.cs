using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Rotation;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;

namespace Weir.Actors.Tests.Capture;

public class RotationTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RotateNow_SourceKeepsSending_NoPacketLost()
    {
        var h = new ActorsHarness(Sys, make: name => new FakeSource(name, flows: 1000, batch: 256, endless: true));
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0"), InterfaceConfig.Named("eth1")]), s_timeout);
        h.WaitForSource("eth0");
        h.WaitForSource("eth1");

        int handedOver = 0;
        for (int i = 0; i < 20; i++)
        {
            var result = await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
            handedOver += result.Blocks.Count;

            // Live queries copy the log while frames go to the local buffer and are replayed.
            var maps = await h.Refs.Capture.Ask<FlowMaps>(GetFlowMaps.Instance, s_timeout);
            Assert.Equal(2, maps.Blocks.Count);
        }

        await h.Refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, s_timeout);
        await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);

        foreach (var name in new[] { "eth0", "eth1" })
        {
            var source = h.Source(name)!;
            var counters = h.Refs.Registry.Find(name)!;
            Assert.True(source.Delivered > 0);
            Assert.Equal(source.Delivered, counters.PacketsProcessed + counters.Issue(Engine.Packets.ParseIssue.LocalBufferFull));
            Assert.Equal(source.Delivered - counters.Issue(Engine.Packets.ParseIssue.LocalBufferFull), h.Sink.PacketsOf(name));
        }

        Assert.Equal(0, h.Refs.Registry.Find("eth0")!.Issue(Engine.Packets.ParseIssue.LocalBufferFull));
        Assert.True(handedOver >= 20);
    }

    [Fact]
    public async Task Blocks_ConsecutiveRotations_CoverContiguousIntervals()
    {
        var h = new ActorsHarness(Sys);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        var source = (FakeSource)h.WaitForSource("eth0");
        for (int i = 0; i < 3; i++)
        {
            source.Send(100);
            await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 100 * (i + 1), s_timeout);
            await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
        }

        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);
        var blocks = h.Sink.Blocks.ToList();

        Assert.Equal(3, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(100UL, b.Totals.Packets));
        Assert.Equal(blocks[0].End, blocks[1].Start);
        Assert.Equal(blocks[1].End, blocks[2].Start);
    }

    [Fact]
    public void NextBoundary_AlignsToWallClock()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 7, 12, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 10, 0, TimeSpan.Zero), RotationScheduler.NextBoundary(now, TimeSpan.FromMinutes(5)));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 15, 0, TimeSpan.Zero), RotationScheduler.NextBoundary(new DateTimeOffset(2026, 12, 1, 10, 10, 0, TimeSpan.Zero), TimeSpan.FromMinutes(5)));
    }
}

public class RotationSchedulerTests() : TestKit.TestKit(virtualTime: true)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Scheduler_VirtualTime_RotatesAtIntervalBoundaries()
    {
        var h = new ActorsHarness(Sys, TestSettings.Load(("weir.rotation.interval", "60s")), scheduleRotation: true);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        var source = (FakeSource)h.WaitForSource("eth0");
        var start = Sys.Scheduler.UtcNow;
        var first = RotationScheduler.NextBoundary(start, TimeSpan.FromSeconds(60));

        source.Send(10);
        await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 10, s_timeout);
        VirtualTime.Advance(first - start);
        await AwaitConditionAsync(() => h.Sink.Blocks.Count == 1, s_timeout);
        source.Send(20);
        await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 30, s_timeout);
        VirtualTime.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(200);
        Assert.Single(h.Sink.Blocks);
        VirtualTime.Advance(TimeSpan.FromSeconds(1));
        await AwaitConditionAsync(() => h.Sink.Blocks.Count == 2, s_timeout);

        var blocks = h.Sink.Blocks.ToList();
        Assert.Equal(first, blocks[0].End);
        Assert.Equal(first + TimeSpan.FromSeconds(60), blocks[1].End);
        Assert.Equal(first, blocks[1].Start);
        Assert.Equal(20UL, blocks[1].Totals.Packets);
    }
}
