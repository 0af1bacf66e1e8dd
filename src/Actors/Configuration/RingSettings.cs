namespace Weir.Actors.Configuration;

/// <summary><c>weir.capture.ring</c>: the AF_PACKET TPACKET_V3 ring of one socket.</summary>
/// <param name="BlockSize"><c>block-size</c> in bytes: a power of two, at least a page, holding one frame of the
/// snap length plus its 128 bytes of ring headers.</param>
/// <param name="BlockCount"><c>block-count</c>: at least 2 (the kernel fills one while Weir reads another); the
/// whole ring at most 2 GiB.</param>
/// <param name="BlockTimeout"><c>block-timeout</c>: when the kernel hands over a block that is not full.</param>
public sealed record RingSettings(int BlockSize, int BlockCount, TimeSpan BlockTimeout)
{
    /// <summary>Bytes of TPACKET_V3 block and frame headers a block needs beside one snap-length frame.</summary>
    private const int RingFrameOverhead = 128;

    internal static RingSettings FromConfig(Config ring, int snapLength)
    {
        var blockSize = (int)ConfigChecks.Size(ring, "block-size", 4096, 1L << 30);
        if ((blockSize & (blockSize - 1)) != 0)
        {
            throw ring.Error("block-size", $"must be a power of two (like 1MiB), got {blockSize} bytes");
        }

        // The same limits LiveCaptureOptions.Validate applies when the ring is opened, so a configuration that
        // loads is one the capture can open.
        if (blockSize < snapLength + RingFrameOverhead)
        {
            throw ring.Error("block-size", $"must be larger than weir.capture.snap-length ({snapLength}) plus {RingFrameOverhead} bytes of ring headers, got {blockSize} bytes");
        }

        int blockCount = ConfigChecks.Int(ring, "block-count", 2, 65536);
        if ((long)blockSize * blockCount > int.MaxValue)
        {
            throw ring.Error("block-count", $"block-size × block-count must be at most 2 GiB, got {(long)blockSize * blockCount} bytes");
        }

        return new RingSettings(
            blockSize,
            blockCount,
            ConfigChecks.Duration(ring, "block-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)));
    }
}
