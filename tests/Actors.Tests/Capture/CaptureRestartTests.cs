using Weir.Actors.Capture;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;
using Weir.Actors.Kernel;

namespace Weir.Actors.Tests.Capture;

public class CaptureRestartTests() : TestKit.TestKit(virtualTime: true)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SourceFails_RestartsAfterBackoff_SiblingKeepsCountingAndNothingIsLost()
    {
        var h = new ActorsHarness(Sys);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0"), InterfaceConfig.Named("eth1")]), s_timeout);
        var eth0 = (FakeSource)h.WaitForSource("eth0");
        var eth1 = (FakeSource)h.WaitForSource("eth1");
        var c0 = h.Refs.Registry.Find("eth0")!;
        var c1 = h.Refs.Registry.Find("eth1")!;
        eth0.Send(400);
        eth1.Send(400);
        await AwaitConditionAsync(() => c0.PacketsProcessed == 400 && c1.PacketsProcessed == 400, s_timeout);

        eth0.Fail();
        await AwaitConditionAsync(() => c0.State == CaptureState.Restarting, s_timeout);
        eth1.Send(600);
        await AwaitConditionAsync(() => c1.PacketsProcessed == 1000, s_timeout);
        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);

        // The flows of the failed instance were written before the restart.
        Assert.Equal(400, h.Sink.PacketsOf("eth0"));
        Assert.Equal(0, h.Sink.PacketsOf("eth1"));
        Assert.Same(eth0, h.Source("eth0"));
        Assert.Contains("InterfaceGoneException", c0.LastError);

        VirtualTime.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(100);
        Assert.Same(eth0, h.Source("eth0"));

        VirtualTime.Advance(TimeSpan.FromMilliseconds(400));
        await AwaitConditionAsync(() => !ReferenceEquals(h.Source("eth0"), eth0), s_timeout);
        var again = (FakeSource)h.Source("eth0")!;
        again.Send(250);
        await AwaitConditionAsync(() => c0.PacketsProcessed == 650, s_timeout);

        Assert.Equal(CaptureState.Capturing, c0.State);
        Assert.Equal(1, c0.Restarts);
        Assert.Equal(650, c0.PacketsReceived);
        Assert.Equal(1000, c1.PacketsReceived);
        Assert.Equal(0, c1.Restarts);
    }
}
