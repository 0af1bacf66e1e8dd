using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Tests.Support;
using Weir.Actors.Writeout;

namespace Weir.Actors.Tests.Capture;

public class CaptureManagerTests : TestKit.TestKit
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task UpdateInterfaces_ChangedSet_ReportsEnabledUpdatedDisabled()
    {
        var h = new ActorsHarness(Sys);

        var first = await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0"), InterfaceConfig.Named("eth1")]), s_timeout);
        var second = await h.Refs.Capture.Ask<UpdateResult>(
            new UpdateInterfaces([InterfaceConfig.Named("eth1") with { Filter = "udp" }, InterfaceConfig.Named("eth2")]), s_timeout);
        var config = await h.Refs.Capture.Ask<CaptureConfig>(GetConfig.Instance, s_timeout);

        Assert.Equal(["eth0", "eth1"], first.Enabled);
        Assert.Empty(first.Updated);
        Assert.Equal(["eth2"], second.Enabled);
        Assert.Equal(["eth1"], second.Updated);
        Assert.Equal(["eth0"], second.Disabled);
        Assert.Equal(["eth1", "eth2"], config.Interfaces.Select(i => i.Name));
        Assert.Equal("udp", config.Interfaces[0].Filter);
        Assert.Equal(2, config.Desired.Count);
    }

    [Fact]
    public async Task UpdateInterfaces_Pattern_ExpandsHostInterfacesMinusExclude()
    {
        var settings = TestSettings.Load(("weir.capture.exclude", "[\"^veth.*\"]"));
        var h = new ActorsHarness(Sys, settings, hostInterfaces: ["lo", "eth0", "eth1", "veth12", "wlan0"]);

        var result = await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Pattern("eth[0-9]+|veth.*")]), s_timeout);
        var all = await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Discover()]), s_timeout);

        Assert.Equal(["eth0", "eth1"], result.Enabled);
        Assert.Equal(["lo", "wlan0"], all.Enabled);
    }

    [Fact]
    public async Task UpdateInterfaces_MoreThanMaxInterfaces_FailsAndChangesNothing()
    {
        var h = new ActorsHarness(Sys, TestSettings.Load(("weir.capture.max-interfaces", "2")));
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("a")]), s_timeout);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("a"), InterfaceConfig.Named("b"), InterfaceConfig.Named("c")]), s_timeout));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() =>
            h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Pattern("(")]), s_timeout));
        var status = await h.Refs.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_timeout);

        Assert.Contains("max-interfaces", ex.Message);
        Assert.Contains("regular expression", bad.Message);
        Assert.Equal(["a"], status.Interfaces.Select(i => i.Name));
    }

    [Fact]
    public async Task GetStatus_FramesSent_CountsReceivedAndProcessed()
    {
        var h = new ActorsHarness(Sys);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        var source = (FakeSource)h.WaitForSource("eth0");

        source.Send(1000);
        await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 1000, s_timeout);
        var status = (await h.Refs.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_timeout)).Interfaces.Single();

        Assert.Equal(CaptureState.Capturing, status.State);
        Assert.Equal(1000, status.PacketsReceived);
        Assert.Equal(1000, status.PacketsProcessed);
        Assert.Equal(16, status.ActiveFlows);
        Assert.Empty(status.WeirDropped);
    }

    [Fact]
    public async Task GetFlowMaps_WhileCapturing_ReturnsCopiesAndKeepsCounting()
    {
        var h = new ActorsHarness(Sys);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        var source = (FakeSource)h.WaitForSource("eth0");
        source.Send(500);
        await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 500, s_timeout);

        var maps = await h.Refs.Capture.Ask<FlowMaps>(GetFlowMaps.Instance, s_timeout);
        source.Send(500);
        await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 1000, s_timeout);

        var block = Assert.Single(maps.Blocks);
        Assert.Equal("eth0", block.InterfaceName);
        Assert.Equal(500UL, block.Totals.Packets);
        Assert.Equal(16, block.Count);
        Assert.Empty(h.Sink.Blocks);
    }

    [Fact]
    public async Task Close_Capturing_WritesFlowsAndStopsActors()
    {
        var h = new ActorsHarness(Sys);
        await h.Refs.Capture.Ask<UpdateResult>(new UpdateInterfaces([InterfaceConfig.Named("eth0")]), s_timeout);
        var source = (FakeSource)h.WaitForSource("eth0");
        source.Send(300);
        await AwaitConditionAsync(() => h.Refs.Registry.Find("eth0")!.PacketsProcessed == 300, s_timeout);

        await h.Refs.Capture.Ask<Closed>(Close.Instance, s_timeout);
        await h.Refs.Writeout.Ask<Flushed>(Flush.Instance, s_timeout);
        var status = await h.Refs.Capture.Ask<CaptureStatus>(GetStatus.Instance, s_timeout);

        Assert.Equal(300, h.Sink.Packets);
        Assert.True(source.Disposed);
        Assert.Empty(status.Interfaces);
    }

    [Fact]
    public void Escape_InterfaceNames_GivesValidActorNames()
    {
        Assert.Equal("eth0", ActorNames.Escape("eth0"));
        Assert.Equal("br-lan.10", ActorNames.Escape("br-lan.10"));
        Assert.Equal("a%2Fb%20c", ActorNames.Escape("a/b c"));
        Assert.Equal("%24x", ActorNames.Escape("$x"));
        Assert.Equal("%C3%A9", ActorNames.Escape("é"));
    }
}
