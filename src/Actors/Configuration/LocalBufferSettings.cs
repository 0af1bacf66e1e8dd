namespace Weir.Actors.Configuration;

/// <summary><c>weir.capture.local-buffer</c>: where packets wait while a flow log is handed over at rotation.</summary>
/// <param name="Size"><c>size</c> in bytes of one buffer.</param>
/// <param name="PoolSize"><c>pool-size</c>: buffers kept ready per interface.</param>
public sealed record LocalBufferSettings(long Size, int PoolSize)
{
    internal static LocalBufferSettings FromConfig(Config buffer) => new(
        ConfigChecks.Size(buffer, "size", 64 * 1024, 1L << 32),
        ConfigChecks.Int(buffer, "pool-size", 1, 1024));
}
