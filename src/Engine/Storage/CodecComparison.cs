using System.Diagnostics;

namespace Weir.Engine.Storage;

/// <summary>
/// Measures the column codecs on the encoded columns of synthetic blocks: stored bytes per flow, ratio and
/// compression / decompression speed (best of several rounds). Backs <c>weir db codecs</c> and the figures in
/// docs/benchmarks/storage.md that chose the default codec.
/// </summary>
public static class CodecComparison
{
    /// <summary>One codec's figures.</summary>
    /// <param name="Codec">The codec.</param>
    /// <param name="Level">Its level (0: Weir's default).</param>
    /// <param name="RawBytes">Encoded bytes before compression.</param>
    /// <param name="StoredBytes">Bytes after compression.</param>
    /// <param name="Flows">Flows in the sample.</param>
    /// <param name="CompressMBps">Compression speed over the encoded bytes (MB/s).</param>
    /// <param name="DecompressMBps">Decompression speed over the encoded bytes (MB/s).</param>
    public sealed record Result(ColumnCodec Codec, int Level, long RawBytes, long StoredBytes, long Flows, double CompressMBps, double DecompressMBps)
    {
        /// <summary>Encoded / stored.</summary>
        public double Ratio => (double)RawBytes / StoredBytes;

        /// <summary>Stored bytes per flow (the eight columns together).</summary>
        public double BytesPerFlow => (double)StoredBytes / Flows;
    }

    /// <summary>The codecs and levels compared (those available on this machine).</summary>
    public static IEnumerable<(ColumnCodec Codec, int Level)> Candidates()
    {
        yield return (ColumnCodec.None, 0);
        if (ColumnCompression.IsAvailable(ColumnCodec.Zstd))
        {
            yield return (ColumnCodec.Zstd, 1);
            yield return (ColumnCodec.Zstd, 3);
            yield return (ColumnCodec.Zstd, 9);
        }

        if (ColumnCompression.IsAvailable(ColumnCodec.Lz4))
        {
            yield return (ColumnCodec.Lz4, 0);
        }

        yield return (ColumnCodec.Brotli, 1);
        yield return (ColumnCodec.Brotli, 4);
        yield return (ColumnCodec.Brotli, 6);
        yield return (ColumnCodec.Deflate, 1);
        yield return (ColumnCodec.Deflate, 6);
    }

    /// <summary>Runs the comparison over <paramref name="blocks"/> blocks of <paramref name="flowsPerBlock"/> flows.</summary>
    public static IReadOnlyList<Result> Run(int blocks, int flowsPerBlock, ulong seed, int rounds = 3)
    {
        var gen = new SyntheticFlowGenerator(seed, "eth0");
        var columns = new List<byte[]>();
        long flows = 0;
        var encoder = new BlockEncoder();
        var start = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
        for (int b = 0; b < blocks; b++)
        {
            var block = gen.Block(start.AddMinutes(5 * b), TimeSpan.FromMinutes(5), flowsPerBlock);
            flows += block.Count;
            encoder.Encode(block, ColumnCodec.None, 0);
            for (int c = 0; c < FlowDbLayout.ColumnCount; c++)
            {
                columns.Add(encoder.Stored(c).ToArray());
            }
        }

        long raw = columns.Sum(c => (long)c.Length);
        var results = new List<Result>();
        foreach ((ColumnCodec codec, int level) in Candidates())
        {
            var compressed = new byte[columns.Count][];
            var lengths = new int[columns.Count];
            double bestCompress = double.MaxValue, bestDecompress = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < columns.Count; i++)
                {
                    compressed[i] ??= new byte[ColumnCompression.MaxCompressedLength(codec, columns[i].Length)];
                    lengths[i] = ColumnCompression.Compress(codec, columns[i], compressed[i], level);
                }

                bestCompress = Math.Min(bestCompress, sw.Elapsed.TotalSeconds);
                var output = new byte[columns.Max(c => c.Length)];
                sw.Restart();
                for (int i = 0; i < columns.Count; i++)
                {
                    if (!ColumnCompression.TryDecompress(codec, compressed[i].AsSpan(0, lengths[i]), output.AsSpan(0, columns[i].Length)))
                    {
                        throw new InvalidOperationException($"{codec} did not round-trip");
                    }
                }

                bestDecompress = Math.Min(bestDecompress, sw.Elapsed.TotalSeconds);
            }

            long stored = lengths.Sum(l => (long)l);
            results.Add(new Result(codec, level, raw, stored, flows, raw / 1e6 / bestCompress, raw / 1e6 / bestDecompress));
        }

        return results;
    }
}
