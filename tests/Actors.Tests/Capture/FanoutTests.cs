using System.Collections.Concurrent;
using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;
using Weir.Engine.Packets;

namespace Weir.Actors.Tests.Capture;

/// <summary><c>weir.capture.fanout</c> with fake sources: one capture actor, several sockets and threads, one interface to see.</summary>
public class FanoutTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Fanout3_ScriptedSockets_OneBlockPerRotationExactTotalsAndSummedStatus()
    {
        var sockets = new ConcurrentQueue<FakeSource>();
        var h = new ActorsHarness(Sys, TestSettings.Load(("weir.capture.fanout", "3")), make: name =>
        {
            var s = new FakeSource(name, flows: 40, batch: 32);
            sockets.Enqueue(s);
            return s;
        });
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        await AwaitConditionAsync(() => sockets.Count == 3, s_timeout);
        FakeSource[] all = [.. sockets];
        var counters = h.Refs.Registry.Find("eth0")!;

        for (int i = 0; i < 4; i++)
        {
            for (int k = 0; k < all.Length; k++)
            {
                all[k].Send(100 * (k + 1));
            }

            long expected = 600L * (i + 1);
            await AwaitConditionAsync(() => counters.PacketsProcessed == expected && counters.PacketsReceived == expected, s_timeout);
            var status = Assert.Single((await h.Refs.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_timeout)).Interfaces);
            Assert.Equal(expected, status.PacketsReceived);
            Assert.Equal(expected, status.PacketsProcessed);
            Assert.Equal(expected * FakeSource.FrameLength, status.BytesReceived);
            Assert.Equal(expected, counters.FlowPacketsSent + counters.FlowPacketsReceived);
            Assert.Equal(120, status.ActiveFlows);

            // A live query sees the interface once: the three sockets' flows of this interval together.
            var maps = await h.Refs.Capture.Ask<FlowMaps>(GetFlowMaps.Instance, s_timeout);
            var live = Assert.Single(maps.Blocks);
            Assert.Equal(600UL, live.Totals.Packets);
            Assert.Equal(600L, live.Records.ToArray().Sum(r => (long)r.Counters.Packets));

            var result = await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
            var rotated = Assert.Single(result.Blocks);
            Assert.Equal(600, rotated.Packets);
            Assert.Equal(120, rotated.Flows);
        }

        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);
        var blocks = h.Sink.Blocks.ToList();
        Assert.Equal(4, blocks.Count);
        Assert.All(blocks, b =>
        {
            Assert.Equal("eth0", b.InterfaceName);
            Assert.Equal(600UL, b.Totals.Packets);
            Assert.Equal(600, b.Stats.PacketsProcessed);
            Assert.Equal(600L, b.Records.ToArray().Sum(r => (long)r.Counters.Packets));
        });
        for (int i = 1; i < blocks.Count; i++)
        {
            Assert.Equal(blocks[i - 1].End, blocks[i].Start);
        }
    }

    [Fact]
    public async Task ThreadNice_Fanout2_EverySocketIsReadAtThatNiceValue()
    {
        // A positive value needs no privilege, so this holds for any user.
        var sockets = new ConcurrentQueue<FakeSource>();
        var h = new ActorsHarness(Sys, TestSettings.Load(("weir.capture.fanout", "2"), ("weir.capture.thread-nice", "4")), make: name =>
        {
            var s = new FakeSource(name, flows: 10, batch: 8);
            sockets.Enqueue(s);
            return s;
        });
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        await AwaitConditionAsync(() => sockets.Count == 2 && sockets.All(s => s.ReaderNice is not null), s_timeout);

        Assert.All(sockets, s => Assert.Equal(4, s.ReaderNice));
    }

    [Fact]
    public async Task Fanout3_EndlessSockets_NoPacketLostAcrossRotationsAndStop()
    {
        var sockets = new ConcurrentQueue<FakeSource>();
        var h = new ActorsHarness(Sys, TestSettings.Load(("weir.capture.fanout", "3")), make: name =>
        {
            var s = new FakeSource(name, flows: 1000, batch: 256, endless: true);
            sockets.Enqueue(s);
            return s;
        });
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        await AwaitConditionAsync(() => sockets.Count == 3 && sockets.All(s => s.Delivered > 0), s_timeout);

        int blocks = 0;
        for (int i = 0; i < 10; i++)
        {
            blocks += (await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout)).Blocks.Count;
            Assert.Single((await h.Refs.Capture.Ask<FlowMaps>(GetFlowMaps.Instance, s_timeout)).Blocks);
        }

        await h.Refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, s_timeout);
        await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);

        var counters = h.Refs.Registry.Find("eth0")!;
        long delivered = sockets.Sum(s => s.Delivered);
        long dropped = counters.Issue(ParseIssue.LocalBufferFull);
        Assert.Equal(10, blocks);
        Assert.Equal(delivered, counters.PacketsReceived);
        Assert.Equal(delivered, counters.PacketsProcessed + dropped);
        Assert.Equal(delivered - dropped, h.Sink.PacketsOf("eth0"));
        Assert.Equal(11, h.Sink.Blocks.Count);
    }
}
