using Weir.Engine.Storage;

namespace Weir.Actors.Configuration;

/// <summary><c>weir.db</c>.</summary>
/// <param name="Path"><c>path</c>: directory of the flow database.</param>
/// <param name="Retention"><c>retention</c>: how long blocks are kept; <see cref="Timeout.InfiniteTimeSpan"/> keeps everything.</param>
/// <param name="Compression"><c>compression</c>.</param>
/// <param name="RollupEveryBlocks"><c>rollup-every-blocks</c>: also extend the current day's talker roll-ups every this many blocks (0: only when a day completes).</param>
public sealed record DbSettings(string Path, TimeSpan Retention, DbCompression Compression, int RollupEveryBlocks = 0)
{
    internal static DbSettings FromConfig(Config db) => new(
        ConfigChecks.NonEmpty(db, "path"),
        ConfigChecks.DurationOrInfinite(db, "retention", TimeSpan.FromDays(1)),
        ConfigChecks.OneOf(db, "compression", "auto", "none", "deflate", "brotli") switch
        {
            "none" => DbCompression.None,
            "deflate" => DbCompression.Deflate,
            "brotli" => DbCompression.Brotli,
            _ => DbCompression.Auto,
        },
        ConfigChecks.Int(db, "rollup-every-blocks", 0, 100_000));

    /// <summary>
    /// The flow database writer's options for <see cref="Compression"/> (auto: the writer's default codec, zstd or
    /// Brotli) and <see cref="RollupEveryBlocks"/>.
    /// </summary>
    public FlowDbWriterOptions WriterOptions => new()
    {
        RollupEveryBlocks = RollupEveryBlocks,
        Codec = Compression switch
        {
            DbCompression.None => ColumnCodec.None,
            DbCompression.Deflate => ColumnCodec.Deflate,
            DbCompression.Brotli => ColumnCodec.Brotli,
            _ => null,
        },
    };
}
