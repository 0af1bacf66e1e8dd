namespace Weir.Engine.Capture.Live;

/// <summary>How to open a live capture. Defaults suit a flow monitor on a busy 1–10 Gbit/s interface.</summary>
public sealed record LiveCaptureOptions
{
    private const int PageSize = 4096;

    /// <summary>The defaults.</summary>
    public static LiveCaptureOptions Default { get; } = new();

    /// <summary>Kernel interface to use: AF_PACKET, libpcap, or AF_PACKET falling back to libpcap (the default).</summary>
    public LiveSourceKind Source { get; init; } = LiveSourceKind.Auto;

    /// <summary>Bytes kept of each frame (the rest is counted in <see cref="Frame.OriginalLength"/> only).</summary>
    public int SnapLength { get; init; } = 65535;

    /// <summary>Put the interface in promiscuous mode for the lifetime of the capture.</summary>
    public bool Promiscuous { get; init; }

    /// <summary>A pcap-filter(7) expression run in the kernel; null captures everything. Needs libpcap to compile.</summary>
    public string? Filter { get; init; }

    /// <summary>Size of one ring block in bytes: a multiple of 4096, at least the snap length plus headers.</summary>
    public int BlockSize { get; init; } = 1 << 20;

    /// <summary>Number of ring blocks; ring memory is <see cref="BlockSize"/> × this, per source.</summary>
    public int BlockCount { get; init; } = 16;

    /// <summary>
    /// How long the kernel keeps filling a block before handing it over anyway (<c>tp_retire_blk_tov</c>): the
    /// upper bound on delivery latency at low packet rates.
    /// </summary>
    public TimeSpan BlockTimeout { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long one <see cref="ICaptureSource.ReadBatch"/> waits for packets before returning 0.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Most ring blocks delivered by one batch, so the reader gets back to its mailbox under load.</summary>
    public int MaxBlocksPerBatch { get; init; } = 8;

    /// <summary>How <see cref="LiveCapture.OpenFanout"/> spreads packets over its rings.</summary>
    public FanoutMode FanoutMode { get; init; } = FanoutMode.Hash;

    /// <summary>
    /// The <c>PACKET_FANOUT</c> group id (0–65535) for <see cref="LiveCapture.OpenFanout"/>; null has the kernel pick
    /// an unused one (<c>PACKET_FANOUT_FLAG_UNIQUEID</c>) for the first ring, which the others then join.
    /// </summary>
    public int? FanoutGroupId { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        if (SnapLength is < 16 or > 262144)
        {
            throw new ArgumentException($"snap length {SnapLength} is out of range (16–262144 bytes)", nameof(SnapLength));
        }

        if (BlockSize < PageSize || BlockSize % PageSize != 0)
        {
            throw new ArgumentException($"block size {BlockSize} must be a positive multiple of {PageSize} bytes", nameof(BlockSize));
        }

        if (BlockSize < SnapLength + 128)
        {
            throw new ArgumentException($"block size {BlockSize} must hold one frame of the snap length ({SnapLength}) plus headers", nameof(BlockSize));
        }

        if (BlockCount is < 2 or > 65536 || (long)BlockSize * BlockCount > int.MaxValue)
        {
            throw new ArgumentException($"block count {BlockCount} is out of range (2 and up, ring at most 2 GiB)", nameof(BlockCount));
        }

        if (BlockTimeout < TimeSpan.FromMilliseconds(1) || BlockTimeout > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentException($"block timeout {BlockTimeout.TotalMilliseconds} ms is out of range (1 ms – 60 s)", nameof(BlockTimeout));
        }

        if (PollTimeout < TimeSpan.Zero || PollTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"poll timeout {PollTimeout} is out of range (0 – 1 h)", nameof(PollTimeout));
        }

        if (MaxBlocksPerBatch < 1)
        {
            throw new ArgumentException("at least one block per batch", nameof(MaxBlocksPerBatch));
        }

        if (FanoutGroupId is < 0 or > 0xffff)
        {
            throw new ArgumentException($"fanout group id {FanoutGroupId} is out of range (0–65535)", nameof(FanoutGroupId));
        }
    }
}
