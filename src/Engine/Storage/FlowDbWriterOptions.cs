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
}
