using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// An opened, verified roll-up of one interface-day (<c>talkers.rollup</c>, or by source or destination alone):
/// per-key sums of the counters over the day's blocks [0, <see cref="BlocksCovered"/>), ordered by total bytes
/// descending, in chunks that carry each metric's maximum and a Bloom filter of their keys. It is only ever opened against the day's current block
/// metadata: a roll-up whose fingerprint does not match those blocks is refused.
/// </summary>
public sealed class TalkerRollup : IDisposable
{
    /// <summary>File name of a day's (sip, dip) roll-up.</summary>
    public const string FileName = "talkers.rollup";

    /// <summary>File name of a roll-up of <paramref name="kind"/>.</summary>
    public static string FileNameOf(RollupKind kind) => kind switch
    {
        RollupKind.Sources => "sources.rollup",
        RollupKind.Destinations => "destinations.rollup",
        _ => FileName,
    };

    private readonly TalkerRollupChunk[] _chunks;
    private readonly RollupMaxima[] _suffix;
    private readonly ulong[]?[] _blooms;
    private readonly SafeFileHandle _handle;

    private TalkerRollup(string path, string interfaceName, DateOnly day, SafeFileHandle handle, long size, TalkerRollupHeader header, TalkerRollupChunk[] chunks)
    {
        Path = path;
        Interface = interfaceName;
        Day = day;
        _handle = handle;
        SizeBytes = size;
        Header = header;
        _chunks = chunks;
        _blooms = new ulong[]?[chunks.Length];
        _suffix = new RollupMaxima[chunks.Length + 1];
        for (int i = chunks.Length - 1; i >= 0; i--)
        {
            _suffix[i] = RollupMaxima.Max(_suffix[i + 1], chunks[i].Maxima);
        }
    }

    /// <summary>The roll-up file.</summary>
    public string Path { get; }

    /// <summary>The interface.</summary>
    public string Interface { get; }

    /// <summary>The UTC day.</summary>
    public DateOnly Day { get; }

    /// <summary>What the rows are keyed by.</summary>
    public RollupKind Kind => Header.Kind;

    /// <summary>Blocks covered: the day's blocks [0, BlocksCovered).</summary>
    public int BlocksCovered => Header.Blocks;

    /// <summary>Rows: distinct (sip, dip) pairs (or sources, or destinations) of the covered blocks.</summary>
    public long Pairs => Header.Pairs;

    /// <summary>Flows of the covered blocks.</summary>
    public long Flows => Header.Flows4 + Header.Flows6;

    /// <summary>Counter totals of the covered blocks.</summary>
    public FlowCounters Totals => Header.Totals;

    /// <summary>Bytes of the file.</summary>
    public long SizeBytes { get; }

    internal TalkerRollupHeader Header { get; }

    internal ReadOnlySpan<TalkerRollupChunk> Chunks => _chunks;

    /// <summary>Opens the roll-up in <paramref name="dayDirectory"/> and checks it against the day's committed blocks.</summary>
    /// <returns>The roll-up; null with <paramref name="error"/> null when there is none, or with the reason it was refused.</returns>
    internal static TalkerRollup? TryOpen(string dayDirectory, string interfaceName, DateOnly day, IReadOnlyList<FlowDbBlock> blocks, RollupKind kind, out string? error)
    {
        error = null;
        string path = System.IO.Path.Combine(dayDirectory, FileNameOf(kind));
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException e)
        {
            error = $"cannot open the roll-up ({e.Message})";
            return null;
        }

        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> first = stackalloc byte[TalkerRollupFormat.HeaderSize];
            int got = RandomAccess.Read(handle, first, 0);
            int chunks = TalkerRollupFormat.PeekChunks(first[..got]);
            if (chunks < 0 || chunks > (1 << 20))
            {
                error = "not a talkers roll-up file of version 1";
                handle.Dispose();
                return null;
            }

            if (TalkerRollupFormat.DirectoryEnd(chunks) + 4L > length)
            {
                error = $"roll-up directory of {chunks} chunks is cut off at byte {length}";
                handle.Dispose();
                return null;
            }

            var head = new byte[TalkerRollupFormat.DirectoryEnd(chunks) + 4];
            got = ReadFully(handle, head, 0);
            var parsed = TalkerRollupFormat.Parse(head.AsSpan(0, got), length, out error);
            if (parsed is not { } p)
            {
                handle.Dispose();
                return null;
            }

            error = p.Header.Kind != kind ? $"roll-up of kind {(int)p.Header.Kind} where {kind} was expected" : Verify(p.Header, blocks);
            if (error is not null)
            {
                handle.Dispose();
                return null;
            }

            return new TalkerRollup(path, interfaceName, day, handle, length, p.Header, p.Chunks);
        }
        catch (IOException e)
        {
            handle.Dispose();
            error = $"cannot read the roll-up ({e.Message})";
            return null;
        }
    }

    /// <summary>The largest value of <paramref name="metric"/> in chunks <paramref name="chunk"/> and later (0 past the last).</summary>
    internal ulong BoundFrom(int chunk, RollupMetric metric) => _suffix[Math.Min(chunk, _chunks.Length)][(int)metric];

    /// <summary>Reads and decodes chunk <paramref name="index"/>; null with <paramref name="error"/> when damaged.</summary>
    internal TalkerRollupRows? ReadChunk(int index, out string? error)
    {
        TalkerRollupChunk c = _chunks[index];
        error = null;
        if (!ColumnCompression.IsAvailable(Header.Codec))
        {
            error = $"roll-up written with {Header.Codec}, which this machine cannot decode";
            return null;
        }

        byte[] stored = ColumnCompression.Rent(c.Length);
        byte[] raw = ColumnCompression.Rent(c.RawLength);
        TalkerRollupRows? rows = null;
        try
        {
            if (ReadFully(_handle, stored.AsSpan(0, c.Length), c.Offset) != c.Length)
            {
                error = $"roll-up chunk {index} is cut off at byte {c.Offset}";
                return null;
            }

            ReadOnlySpan<byte> s = stored.AsSpan(0, c.Length);
            if (Crc32C.Compute(s) != c.Crc)
            {
                error = $"roll-up chunk {index} at byte {c.Offset} fails its checksum";
                return null;
            }

            Span<byte> r = raw.AsSpan(0, c.RawLength);
            rows = new TalkerRollupRows(c.Rows4, c.Rows6);
            if (!ColumnCompression.TryDecompress(Header.Codec, s, r) || !Decode(r, rows))
            {
                error = $"roll-up chunk {index} at byte {c.Offset} does not decode to {c.Rows} pairs";
                rows.Dispose();
                return null;
            }

            TalkerRollupRows result = rows;
            rows = null;
            return result;
        }
        catch (IOException e)
        {
            error = $"cannot read roll-up chunk {index} ({e.Message})";
            return null;
        }
        finally
        {
            rows?.Dispose();
            ColumnCompression.Return(stored);
            ColumnCompression.Return(raw);
        }
    }

    /// <summary>Whether chunk <paramref name="chunk"/> may hold the pair (its Bloom filter; true when the filter
    /// cannot be read, so that the chunk itself is read and checked).</summary>
    internal bool MayContain(int chunk, ulong pairHash)
    {
        ulong[]? bloom = _blooms[chunk];
        if (bloom is null)
        {
            TalkerRollupChunk c = _chunks[chunk];
            bloom = new ulong[c.BloomLength / 8];
            Span<byte> bytes = MemoryMarshal.AsBytes(bloom.AsSpan());
            try
            {
                if (ReadFully(_handle, bytes, c.Offset + c.Length) != bytes.Length || Crc32C.Compute(bytes) != c.BloomCrc)
                {
                    return true;
                }
            }
            catch (IOException)
            {
                return true;
            }

            _blooms[chunk] = bloom;
        }

        return TalkerRollupFormat.BloomContains(bloom, pairHash);
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Why a roll-up with this header cannot stand for the day's blocks, or null when it can.</summary>
    internal static string? Verify(in TalkerRollupHeader h, IReadOnlyList<FlowDbBlock> blocks)
    {
        if (h.Blocks <= 0 || h.Blocks > blocks.Count)
        {
            return $"roll-up covers {h.Blocks} blocks but the day has {blocks.Count}";
        }

        (long f4, long f6, FlowCounters totals) = TalkerRollupFormat.Sum(blocks, h.Blocks);
        return MetaFile.Fingerprint(blocks, h.Blocks) != h.Fingerprint || f4 != h.Flows4 || f6 != h.Flows6 || totals != h.Totals
            ? $"roll-up does not match the day's first {h.Blocks} blocks (rebuild it with 'weir db rollup')"
            : null;
    }

    private static bool Decode(ReadOnlySpan<byte> raw, TalkerRollupRows rows)
    {
        BlockColumns c = rows.Columns;
        int n = c.Count;
        for (int part = 0; part < 7; part++)
        {
            if (raw.Length < 4)
            {
                return false;
            }

            int len = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(raw);
            if (len < 0 || len > raw.Length - 4)
            {
                return false;
            }

            ReadOnlySpan<byte> s = raw.Slice(4, len);
            raw = raw[(4 + len)..];
            bool ok = part switch
            {
                0 => ColumnEncoding.DecodeAddresses(s, c.Sip4.AsSpan(0, c.Rows4), c.Sip6.AsSpan(0, c.Rows6)),
                1 => ColumnEncoding.DecodeAddresses(s, c.Dip4.AsSpan(0, c.Rows4), c.Dip6.AsSpan(0, c.Rows6)),
                2 => ColumnEncoding.DecodeIntegers<ulong>(s, c.BytesRcvd.AsSpan(0, n)) == s.Length,
                3 => ColumnEncoding.DecodeIntegers<ulong>(s, c.BytesSnt.AsSpan(0, n)) == s.Length,
                4 => ColumnEncoding.DecodeIntegers<ulong>(s, c.PktsRcvd.AsSpan(0, n)) == s.Length,
                5 => ColumnEncoding.DecodeIntegers<ulong>(s, c.PktsSnt.AsSpan(0, n)) == s.Length,
                _ => ColumnEncoding.DecodeIntegers<uint>(s, rows.Flows) == s.Length,
            };
            if (!ok)
            {
                return false;
            }
        }

        return raw.IsEmpty;
    }

    private static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
