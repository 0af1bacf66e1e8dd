namespace Weir.Actors.Configuration;

/// <summary><c>weir.capture.ring</c>: the AF_PACKET TPACKET_V3 ring of one socket.</summary>
/// <param name="BlockSize"><c>block-size</c> in bytes: a power of two, at least a page, larger than the snap length.</param>
/// <param name="BlockCount"><c>block-count</c>.</param>
/// <param name="BlockTimeout"><c>block-timeout</c>: when the kernel hands over a block that is not full.</param>
public sealed record RingSettings(int BlockSize, int BlockCount, TimeSpan BlockTimeout)
{
    internal static RingSettings FromConfig(Config ring, int snapLength)
    {
        var blockSize = (int)ConfigChecks.Size(ring, "block-size", 4096, 1L << 30);
        if ((blockSize & (blockSize - 1)) != 0)
        {
            throw ring.Error("block-size", $"must be a power of two (like 1MiB), got {blockSize} bytes");
        }

        if (blockSize <= snapLength)
        {
            throw ring.Error("block-size", $"must be larger than weir.capture.snap-length ({snapLength}), got {blockSize} bytes");
        }

        return new RingSettings(
            blockSize,
            ConfigChecks.Int(ring, "block-count", 1, 65536),
            ConfigChecks.Duration(ring, "block-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)));
    }
}
