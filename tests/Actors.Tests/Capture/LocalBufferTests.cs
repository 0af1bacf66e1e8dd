using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;
using Weir.Engine.Packets;

namespace Weir.Actors.Tests.Capture;

public class LocalBufferTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task GetFlowMaps_LocalBufferTooSmall_DropsAreCountedAndEverythingElseWritten()
    {
        var settings = TestSettings.Load(("weir.capture.local-buffer.size", "64KiB"), ("weir.capture.local-buffer.pool-size", "1"));
        var h = new ActorsHarness(Sys, settings, make: name => new FakeSource(name, flows: 65536, batch: 4096, endless: true));
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        h.WaitForSource("eth0");
        var counters = h.Refs.Registry.Find("eth0")!;
        await AwaitConditionAsync(() => counters.ActiveFlows == 65536, s_timeout);

        for (int i = 0; i < 5; i++)
        {
            await h.Refs.Capture.Ask<FlowMaps>(GetFlowMaps.Instance, s_timeout);
        }

        await h.Refs.Capture.Ask<CaptureStopped>(StopCapture.Instance, s_timeout);
        var stopped = (await h.Refs.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_timeout)).Interfaces.Single();
        await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);
        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);

        long dropped = counters.Issue(ParseIssue.LocalBufferFull);
        long delivered = h.Source("eth0")!.Delivered;
        Assert.Equal(CaptureState.Stopped, stopped.State);
        Assert.True(dropped > 0, "a batch of 4096 frames (344 KB) overflows the 64 KiB buffer while 65536 flows are copied");
        Assert.Equal(dropped, stopped.WeirDropped["local-buffer-full"]);
        Assert.Equal(delivered, counters.PacketsProcessed + dropped);
        Assert.Equal(delivered - dropped, h.Sink.PacketsOf("eth0"));
        Assert.Equal(dropped, h.Sink.Blocks.Sum(b => b.Stats.LocalDropped));
    }
}
