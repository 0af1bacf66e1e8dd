using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>Opening, discovery and the errors an operator reads; most need no root.</summary>
public sealed class LiveCaptureTests
{
    [SkippableTheory]
    [InlineData(LiveSourceKind.Auto)]
    [InlineData(LiveSourceKind.AfPacket)]
    [InlineData(LiveSourceKind.Pcap)]
    public void Open_NonexistentInterface_ThrowsInterfaceNotFoundNamingItAndListingExisting(LiveSourceKind kind)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "live capture is Linux only");
        if (kind == LiveSourceKind.Pcap)
        {
            Requires.That(BpfCompiler.IsAvailable, "needs libpcap (Debian package libpcap0.8)");
        }

        var e = Assert.Throws<InterfaceNotFoundException>(() => LiveCapture.Open("weir-nope0", new LiveCaptureOptions { Source = kind }));

        Assert.Equal("weir-nope0", e.InterfaceName);
        Assert.Contains("'weir-nope0'", e.Message, StringComparison.Ordinal);
        Assert.Contains("lo", e.Existing);
        Assert.Contains("lo", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void List_OnLinux_HasLoopbackAtIndexOneUp()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "interface discovery reads /sys/class/net");

        IReadOnlyList<NetworkInterfaceInfo> interfaces = NetworkInterfaces.List();

        NetworkInterfaceInfo lo = Assert.Single(interfaces, i => i.Name == "lo");
        Assert.Equal(1, lo.Index);
        Assert.True(lo.IsUp);
        Assert.Equal(772, lo.HardwareType);
        Assert.Equal(LinkType.Ethernet, lo.LinkType);
        Assert.Equal(interfaces.OrderBy(i => i.Index).Select(i => i.Name), interfaces.Select(i => i.Name));
    }

    [SkippableFact]
    public void List_VethSetDown_ReportsItDown()
    {
        Requires.Root();
        Requires.Executable("ip");
        using var net = new VethNamespace();
        Assert.True(NetworkInterfaces.Find(net.HostInterface)?.IsUp);

        VethNamespace.Ip($"link set {net.HostInterface} down");

        NetworkInterfaceInfo? info = NetworkInterfaces.Find(net.HostInterface);
        Assert.NotNull(info);
        Assert.False(info.IsUp);
        Assert.Equal("down", info.OperState);
    }

    [SkippableFact]
    public void Open_InterfaceDown_ThrowsInterfaceGoneNotDeleted()
    {
        Requires.Root();
        Requires.Executable("ip");
        using var net = new VethNamespace();
        VethNamespace.Ip($"link set {net.HostInterface} down");

        var e = Assert.Throws<InterfaceGoneException>(() => LiveCapture.Open(net.HostInterface, CaptureLoop.Quick(LiveSourceKind.AfPacket)));

        Assert.False(e.Deleted);
        Assert.Contains("went down", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(13)]
    public void FromErrno_PermissionDenied_SaysCapNetRawOrRoot(int errno)
    {
        CaptureException e = LiveErrors.FromErrno("eth7", "socket(AF_PACKET)", errno);

        var permission = Assert.IsType<CapturePermissionException>(e);
        Assert.Contains("CAP_NET_RAW", permission.Message, StringComparison.Ordinal);
        Assert.Contains("root", permission.Message, StringComparison.Ordinal);
        Assert.Contains("'eth7'", permission.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4095)]
    [InlineData(6000)]
    public void Validate_BlockSizeNotAMultipleOfThePage_ThrowsNamingBlockSize(int blockSize)
    {
        var options = new LiveCaptureOptions { BlockSize = blockSize, SnapLength = 128 };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("BlockSize", e.ParamName);
    }

    [Fact]
    public void Validate_Defaults_Pass() => LiveCaptureOptions.Default.Validate();
}
