using Weir.Engine.Capture.Live;
using Weir.Engine.Capture.Live.Native;
using Weir.Tests.Shared;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>Runs alone: it makes libpcap look absent for the whole process while it runs.</summary>
[CollectionDefinition(nameof(WithoutLibpcapCollection), DisableParallelization = true)]
public sealed class WithoutLibpcapCollection;

/// <summary>A machine without libpcap still captures; only what needs libpcap fails, saying what to install.</summary>
[Collection(nameof(WithoutLibpcapCollection))]
public sealed class WithoutLibpcapTests
{
    [SkippableFact]
    public void Open_WithoutLibpcap_CapturesButAFilterFailsWithTheInstallHint()
    {
        Requires.Root();
        using IDisposable missing = Libpcap.SimulateMissingForTesting();

        using (ILiveCaptureSource auto = LiveCapture.Open("lo", new LiveCaptureOptions { BlockSize = 1 << 18, BlockCount = 2, SnapLength = 2048 }))
        {
            Assert.Equal(LiveSourceKind.AfPacket, auto.Kind);
        }

        Assert.False(BpfCompiler.IsAvailable);
        var filter = Assert.Throws<LibpcapUnavailableException>(() => LiveCapture.Open("lo", new LiveCaptureOptions { Filter = "udp" }));
        Assert.Contains("libpcap0.8", filter.Message, StringComparison.Ordinal);
        Assert.Contains("'udp'", filter.Message, StringComparison.Ordinal);
        var pcap = Assert.Throws<LibpcapUnavailableException>(() => LiveCapture.Open("lo", new LiveCaptureOptions { Source = LiveSourceKind.Pcap }));
        Assert.Contains("libpcap0.8", pcap.Message, StringComparison.Ordinal);
    }
}
