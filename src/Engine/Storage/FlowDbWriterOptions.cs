namespace Weir.Engine.Storage;

/// <summary>How a <see cref="FlowDbWriter"/> encodes and syncs.</summary>
public sealed record FlowDbWriterOptions
{
    /// <summary>Codec of new blocks; null takes <see cref="ColumnCompression.DefaultCodec"/> (zstd, or Brotli without libzstd).</summary>
    public ColumnCodec? Codec { get; init; }

    /// <summary>Codec level; 0 takes Weir's default for the codec.</summary>
    public int CompressionLevel { get; init; }

    /// <summary>Whether every write is fsynced before it returns (true; false only for throw-away benchmark data).</summary>
    public bool Durable { get; init; } = true;

    /// <summary>Whether the writer builds a day's talkers roll-up when the day is complete (the first block of a
    /// later day arrives) and for each interface's current day when it is disposed (true).</summary>
    public bool BuildRollups { get; init; } = true;

    /// <summary>Also extend the current day's roll-up every this many blocks of the day, so that queries over
    /// today scan at most this many blocks (0, the default: only when the day is complete). Extending reads the
    /// day's roll-up and the new blocks, on the writing thread.</summary>
    public int RollupEveryBlocks { get; init; }
}
