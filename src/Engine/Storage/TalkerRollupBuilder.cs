using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// Builds a day's roll-ups (<c>talkers.rollup</c> by (sip, dip), <c>sources.rollup</c> by sip,
/// <c>destinations.rollup</c> by dip) from its committed blocks, extending a valid older roll-up by the blocks
/// added since (its rows plus the new blocks) instead of re-reading the whole day. The file is written under a
/// temporary name, fsynced and renamed over the old one (then the directory is fsynced), so a crash leaves the
/// old roll-up, the new one or none; a reader verifies coverage against the block metadata before trusting it.
/// </summary>
public static class TalkerRollupBuilder
{
    private const string TempPattern = "*.rollup.*" + FlowDbLayout.TempSuffix;

    /// <summary>Builds (or extends) the roll-ups of one interface-day.</summary>
    /// <param name="reader">The database.</param>
    /// <param name="interfaceName">The interface.</param>
    /// <param name="day">The UTC day.</param>
    /// <param name="codec">Codec of the chunks; null takes <see cref="ColumnCompression.DefaultCodec"/>.</param>
    /// <param name="durable">Whether to fsync the file and its directory (false only for throw-away data).</param>
    /// <returns>What was built; null when the day has no readable block.</returns>
    /// <exception cref="FlowDbException">The roll-up cannot be written (disk full, access denied).</exception>
    public static TalkerRollupBuild? Build(FlowDbReader reader, string interfaceName, DateOnly day, ColumnCodec? codec = null, bool durable = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        IReadOnlyList<FlowDbBlock> blocks = reader.ListBlocks(interfaceName, day);
        if (blocks.Count == 0)
        {
            return null;
        }

        string dir = blocks[0].DayDirectory;
        string path = Path.Combine(dir, TalkerRollup.FileName);
        DeleteStaleTemps(dir);
        RollupKind[] kinds = [RollupKind.Pairs, RollupKind.Sources, RollupKind.Destinations];
        var coverage = new int[kinds.Length];
        long existingSize = 0, existingPairs = 0;
        for (int k = 0; k < kinds.Length; k++)
        {
            using TalkerRollup? r = TalkerRollup.TryOpen(dir, interfaceName, day, blocks, kinds[k], out _);
            coverage[k] = r?.BlocksCovered ?? -1;
            existingSize += r?.SizeBytes ?? 0;
            existingPairs = kinds[k] == RollupKind.Pairs ? r?.Pairs ?? 0 : existingPairs;
        }

        if (coverage.All(c => c == blocks.Count))
        {
            return new TalkerRollupBuild(interfaceName, day, path, blocks.Count, 0, existingPairs, existingSize, UpToDate: true);
        }

        var table = new RollupTable();
        int start = 0;
        using (TalkerRollup? old = coverage[0] > 0 ? TalkerRollup.TryOpen(dir, interfaceName, day, blocks, RollupKind.Pairs, out _) : null)
        {
            if (old is not null)
            {
                start = Load(old, table) ? old.BlocksCovered : 0;
                table = start == 0 ? new RollupTable() : table;
            }
        }

        int covered = start;
        for (int i = start; i < blocks.Count; i++)
        {
            using BlockColumns? cols = reader.ReadBlock(blocks[i], FlowColumns.Sip | FlowColumns.Dip | FlowColumns.Counters);
            if (cols is null)
            {
                // A damaged block ends the covered prefix: queries scan it (and report it) as they would without a roll-up.
                break;
            }

            AddBlock(table, cols);
            covered = i + 1;
        }

        if (covered == 0 || coverage.All(c => c == covered))
        {
            return null;
        }

        (long f4, long f6, FlowCounters totals) = TalkerRollupFormat.Sum(blocks, covered);
        uint fingerprint = MetaFile.Fingerprint(blocks, covered);
        ColumnCodec chosen = codec ?? ColumnCompression.DefaultCodec;
        long size = 0;
        // Each file stands alone (verified against the blocks when opened), so the order of the renames does not matter.
        foreach (RollupKind kind in new[] { RollupKind.Sources, RollupKind.Destinations, RollupKind.Pairs })
        {
            RollupTable t = kind == RollupKind.Pairs ? table : Project(table, kind);
            var header = new TalkerRollupHeader(kind, chosen, covered, fingerprint, f4, f6, totals, t.Count);
            size += Write(Path.Combine(dir, TalkerRollup.FileNameOf(kind)), header, t, durable);
        }

        return new TalkerRollupBuild(interfaceName, day, path, covered, covered - start, table.Count, size, UpToDate: false);
    }

    /// <summary>The pairs summed by source (dip zero) or by destination (sip zero).</summary>
    private static RollupTable Project(RollupTable pairs, RollupKind kind)
    {
        var t = new RollupTable();
        bool sources = kind == RollupKind.Sources;
        for (int i = 0; i < pairs.Count; i++)
        {
            t.Add(sources ? pairs.Sip[i] : 0, sources ? 0 : pairs.Dip[i], pairs.V6[i], pairs.BytesReceived[i], pairs.BytesSent[i], pairs.PacketsReceived[i],
                pairs.PacketsSent[i], pairs.Flows[i]);
        }

        return t;
    }

    /// <summary>Builds or extends the roll-up of every day of the interfaces (all when <paramref name="interfaceName"/> is null).</summary>
    /// <param name="reader">The database.</param>
    /// <param name="interfaceName">One interface, or null for all.</param>
    /// <param name="codec">Codec of the chunks; null takes the default.</param>
    /// <param name="durable">Whether to fsync.</param>
    /// <param name="progress">Told of each day when it is done.</param>
    /// <param name="parallelism">Days built at once; 0 uses every core.</param>
    public static IReadOnlyList<TalkerRollupBuild> BuildAll(FlowDbReader reader, string? interfaceName = null, ColumnCodec? codec = null, bool durable = true,
        IProgress<TalkerRollupBuild>? progress = null, int parallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var days = new List<(string, DateOnly)>();
        foreach (string iface in interfaceName is null ? reader.ListInterfaces() : [interfaceName])
        {
            foreach (DateOnly d in reader.ListDayDates(iface))
            {
                days.Add((iface, d));
            }
        }

        var results = new TalkerRollupBuild?[days.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount };
        Parallel.For(0, days.Count, options, i =>
        {
            results[i] = Build(reader, days[i].Item1, days[i].Item2, codec, durable);
            if (results[i] is { } r)
            {
                progress?.Report(r);
            }
        });
        return [.. results.Where(r => r is not null).Select(r => r!)];
    }

    private static bool Load(TalkerRollup old, RollupTable table)
    {
        for (int c = 0; c < old.Chunks.Length; c++)
        {
            using TalkerRollupRows? rows = old.ReadChunk(c, out _);
            if (rows is null)
            {
                return false;
            }

            BlockColumns cols = rows.Columns;
            ReadOnlySpan<uint> flows = rows.Flows;
            for (int i = 0; i < cols.Count; i++)
            {
                bool v6 = i >= cols.Rows4;
                UInt128 s = v6 ? cols.Sip6[i - cols.Rows4] : cols.Sip4[i];
                UInt128 d = v6 ? cols.Dip6[i - cols.Rows4] : cols.Dip4[i];
                table.Add(s, d, v6, cols.BytesRcvd[i], cols.BytesSnt[i], cols.PktsRcvd[i], cols.PktsSnt[i], flows[i]);
            }
        }

        return true;
    }

    /// <summary>Adds a block's rows; rows are stored sorted by key within each family, so one table update per run.</summary>
    private static void AddBlock(RollupTable table, BlockColumns c)
    {
        ReadOnlySpan<ulong> br = c.BytesReceived, bs = c.BytesSent, pr = c.PacketsReceived, ps = c.PacketsSent;
        int n4 = c.Rows4;
        int i = 0;
        while (i < n4)
        {
            uint s = c.Sip4[i], d = c.Dip4[i];
            ulong a = 0, b = 0, p = 0, q = 0;
            int j = i;
            for (; j < n4 && c.Sip4[j] == s && c.Dip4[j] == d; j++)
            {
                a += br[j];
                b += bs[j];
                p += pr[j];
                q += ps[j];
            }

            table.Add(s, d, false, a, b, p, q, (uint)(j - i));
            i = j;
        }

        i = 0;
        int n6 = c.Rows6;
        while (i < n6)
        {
            UInt128 s = c.Sip6[i], d = c.Dip6[i];
            ulong a = 0, b = 0, p = 0, q = 0;
            int j = i;
            for (; j < n6 && c.Sip6[j] == s && c.Dip6[j] == d; j++)
            {
                a += br[n4 + j];
                b += bs[n4 + j];
                p += pr[n4 + j];
                q += ps[n4 + j];
            }

            table.Add(s, d, true, a, b, p, q, (uint)(j - i));
            i = j;
        }
    }

    private static long Write(string path, TalkerRollupHeader header, RollupTable t, bool durable)
    {
        int n = t.Count;
        // Descending total bytes; ties in a fixed key order so that a rebuild writes the same file.
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            int c = (t.BytesReceived[y] + t.BytesSent[y]).CompareTo(t.BytesReceived[x] + t.BytesSent[x]);
            if (c != 0)
            {
                return c;
            }

            c = t.V6[x].CompareTo(t.V6[y]);
            if (c != 0)
            {
                return c;
            }

            c = t.Sip[x].CompareTo(t.Sip[y]);
            return c != 0 ? c : t.Dip[x].CompareTo(t.Dip[y]);
        });

        int chunkCount = 0;
        for (int done = 0; done < n; chunkCount++)
        {
            done += TalkerRollupFormat.ChunkRows(chunkCount);
        }

        int dataStart = TalkerRollupFormat.DirectoryEnd(chunkCount) + 4;
        string temp = $"{path}.{Guid.NewGuid():N}{FlowDbLayout.TempSuffix}";
        var chunks = new List<TalkerRollupChunk>(chunkCount);
        var scratch = new ChunkScratch(TalkerRollupFormat.ChunkRows(chunkCount));
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                fs.Write(new byte[dataStart]);
                long offset = dataStart;
                int pos = 0;
                for (int k = 0; k < chunkCount; k++)
                {
                    int rows = Math.Min(TalkerRollupFormat.ChunkRows(k), n - pos);
                    TalkerRollupChunk c = scratch.Encode(t, order.AsSpan(pos, rows), header.Codec, offset);
                    fs.Write(scratch.Stored.AsSpan(0, c.Length));
                    fs.Write(MemoryMarshal.AsBytes(scratch.Bloom.AsSpan(0, c.BloomLength / 8)));
                    chunks.Add(c);
                    offset = c.End;
                    pos += rows;
                }

                var head = new byte[dataStart];
                TalkerRollupFormat.WriteHeader(head, header, chunks);
                fs.Position = 0;
                fs.Write(head);
                fs.Flush(flushToDisk: durable);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DurableFile.TryDelete(temp);
            string what = e is IOException io && DurableFile.IsDiskFull(io) ? "disk full" : e.Message;
            throw new FlowDbException($"cannot write the roll-up ({what})", path, e);
        }

        if (durable)
        {
            DurableFile.SyncDirectory(Path.GetDirectoryName(path)!);
        }

        return new FileInfo(path).Length;
    }

    /// <summary>Removes temporary files of builds that crashed (older than an hour, so a concurrent build's is kept).</summary>
    private static void DeleteStaleTemps(string dir)
    {
        try
        {
            foreach (string f in Directory.EnumerateFiles(dir, TempPattern))
            {
                if (File.GetLastWriteTimeUtc(f) < DateTime.UtcNow.AddHours(-1))
                {
                    DurableFile.TryDelete(f);
                }
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Buffers for encoding one chunk, reused across the chunks of a file.</summary>
    private sealed class ChunkScratch(int maxRows)
    {
        private readonly uint[] _sip4 = new uint[maxRows];
        private readonly uint[] _dip4 = new uint[maxRows];
        private readonly UInt128[] _sip6 = new UInt128[maxRows];
        private readonly UInt128[] _dip6 = new UInt128[maxRows];
        private readonly ulong[][] _counters = [new ulong[maxRows], new ulong[maxRows], new ulong[maxRows], new ulong[maxRows]];
        private readonly uint[] _flows = new uint[maxRows];
        private readonly int[] _rowOrder = new int[maxRows];
        private byte[] _raw = new byte[(7 * 8) + 2 + (maxRows * 80)];

        public byte[] Stored { get; private set; } = [];

        public ulong[] Bloom { get; private set; } = [];

        public TalkerRollupChunk Encode(RollupTable t, ReadOnlySpan<int> rows, ColumnCodec codec, long offset)
        {
            // IPv4 pairs first, as block columns are laid out; the order within a family stays by bytes.
            int n4 = 0;
            foreach (int r in rows)
            {
                if (!t.V6[r])
                {
                    _rowOrder[n4++] = r;
                }
            }

            int k = n4;
            foreach (int r in rows)
            {
                if (t.V6[r])
                {
                    _rowOrder[k++] = r;
                }
            }

            int n = rows.Length, n6 = n - n4;
            int bloomWords = Math.Max(1, ((n * TalkerRollupFormat.BloomBitsPerRow) + 63) / 64);
            if (Bloom.Length < bloomWords)
            {
                Bloom = new ulong[bloomWords];
            }

            Span<ulong> bloom = Bloom.AsSpan(0, bloomWords);
            bloom.Clear();
            RollupMaxima maxima = default;
            long flows = 0;
            for (int i = 0; i < n; i++)
            {
                int r = _rowOrder[i];
                if (i < n4)
                {
                    _sip4[i] = (uint)t.Sip[r];
                    _dip4[i] = (uint)t.Dip[r];
                }
                else
                {
                    _sip6[i - n4] = t.Sip[r];
                    _dip6[i - n4] = t.Dip[r];
                }

                _counters[0][i] = t.BytesReceived[r];
                _counters[1][i] = t.BytesSent[r];
                _counters[2][i] = t.PacketsReceived[r];
                _counters[3][i] = t.PacketsSent[r];
                _flows[i] = t.Flows[r];
                flows += t.Flows[r];
                maxima.Include(t.BytesReceived[r], t.BytesSent[r], t.PacketsReceived[r], t.PacketsSent[r]);
                TalkerRollupFormat.BloomAdd(bloom, RollupTable.Hash(t.Sip[r], t.Dip[r], t.V6[r]));
            }

            Span<byte> raw = _raw;
            int len = 0;
            len += Part(raw[len..], ColumnEncoding.EncodeAddresses(_sip4.AsSpan(0, n4), _sip6.AsSpan(0, n6), false, raw[(len + 4)..]));
            len += Part(raw[len..], ColumnEncoding.EncodeAddresses(_dip4.AsSpan(0, n4), _dip6.AsSpan(0, n6), false, raw[(len + 4)..]));
            for (int c = 0; c < 4; c++)
            {
                len += Part(raw[len..], ColumnEncoding.EncodeIntegers<ulong>(_counters[c].AsSpan(0, n), false, raw[(len + 4)..]));
            }

            len += Part(raw[len..], ColumnEncoding.EncodeIntegers<uint>(_flows.AsSpan(0, n), false, raw[(len + 4)..]));
            int bound = ColumnCompression.MaxCompressedLength(codec, len);
            if (Stored.Length < bound)
            {
                Stored = new byte[bound];
            }

            int stored = ColumnCompression.Compress(codec, raw[..len], Stored);
            ReadOnlySpan<byte> bloomBytes = MemoryMarshal.AsBytes(bloom);
            return new TalkerRollupChunk(offset, stored, len, n4, n6, Crc32C.Compute(Stored.AsSpan(0, stored)), bloomBytes.Length, Crc32C.Compute(bloomBytes), flows, maxima);
        }

        private static int Part(Span<byte> at, int written)
        {
            BinaryPrimitives.WriteInt32LittleEndian(at, written);
            return 4 + written;
        }
    }
}
