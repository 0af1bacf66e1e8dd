using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Tests.Support;

namespace Weir.Actors.Tests.Capture;

public class ShutdownTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CoordinatedShutdown_Capturing_WritesEveryCountedPacket()
    {
        var h = new ActorsHarness(Sys, make: name => new FakeSource(name, flows: 100, batch: 128, endless: true), shutdownTasks: true);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0"), InterfaceConfig.Named("eth1")]), s_timeout);
        h.WaitForSource("eth0");
        h.WaitForSource("eth1");
        await AwaitConditionAsync(() => h.Refs.Registry.Interfaces.All(c => c.PacketsProcessed > 10_000), s_timeout);
        await h.Refs.Capture.Ask<RotateResult>(RotateNow.Instance, s_timeout);

        await CoordinatedShutdown.Get(Sys).Run(CoordinatedShutdown.UnknownReason.Instance);

        foreach (var name in new[] { "eth0", "eth1" })
        {
            Assert.Equal(h.Source(name)!.Delivered, h.Sink.PacketsOf(name));
        }

        Assert.True(h.Sink.Blocks.Count >= 4);
    }
}
