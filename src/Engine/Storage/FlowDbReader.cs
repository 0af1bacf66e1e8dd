using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Weir.Engine.Storage;

/// <summary>
/// Reads a flow database: interfaces, days (from the day summaries, without opening column files), committed
/// blocks (from each day's metadata) and selected columns of a block. Safe to use from many threads; sees only
/// blocks whose metadata a writer has committed. Damage is never thrown: the damaged part is skipped and
/// recorded in <see cref="Issues"/>.
/// </summary>
public sealed class FlowDbReader : IDisposable
{
    private static readonly bool s_timed = Environment.GetEnvironmentVariable("WEIR_QUERY_TIMINGS") == "1";
    private static long s_readTicks;
    private static long s_decompressTicks;
    private static long s_decodeTicks;
    private readonly ConcurrentDictionary<string, SafeFileHandle> _handles = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FlowDbIssue> _issues = new();
    private readonly ConcurrentQueue<FlowDbIssue> _warnings = new();
    private readonly ConcurrentDictionary<(string, string), bool> _reported = new();
    private readonly Lazy<bool> _writerActive;

    /// <summary>Opens the database at <paramref name="root"/>.</summary>
    /// <exception cref="FlowDbException">The directory does not exist.</exception>
    public FlowDbReader(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
        {
            throw new FlowDbException("no flow database", Root);
        }

        _writerActive = new Lazy<bool>(ProbeWriter);
    }

    /// <summary>The database's root directory.</summary>
    public string Root { get; }

    /// <summary>The damaged parts skipped so far, in the order found.</summary>
    public IReadOnlyList<FlowDbIssue> Issues => [.. _issues];

    /// <summary>Problems found that did not cost any data (a damaged roll-up, answered from the blocks instead), in the order found.</summary>
    public IReadOnlyList<FlowDbIssue> Warnings => [.. _warnings];

    /// <summary>Opens and verifies a roll-up of a day against its committed <paramref name="blocks"/>
    /// (from <see cref="ListBlocks"/>); null when there is none, or (with a warning naming the file) when it is
    /// damaged or does not match the blocks. The caller disposes it.</summary>
    public TalkerRollup? OpenRollup(string interfaceName, DateOnly day, IReadOnlyList<FlowDbBlock> blocks, RollupKind kind = RollupKind.Pairs)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        string dir = Path.Combine(InterfaceDirectory(interfaceName), FlowDbLayout.DayName(day));
        TalkerRollup? rollup = TalkerRollup.TryOpen(dir, interfaceName, day, blocks, kind, out string? error);
        if (error is not null)
        {
            Warn(Path.Combine(dir, TalkerRollup.FileNameOf(kind)), interfaceName, day, $"{error}; ignored, the day's blocks are scanned instead");
        }

        return rollup;
    }

    /// <summary>Records a warning about a roll-up (the same file and message once).</summary>
    internal void Warn(string path, string? interfaceName, DateOnly? day, string message)
    {
        if (_reported.TryAdd((path, message), true))
        {
            _warnings.Enqueue(new FlowDbIssue(FlowDbIssueKind.BadRollup, path, interfaceName, day, null, message));
        }
    }

    /// <summary>Interfaces with data, sorted by name.</summary>
    public IReadOnlyList<string> ListInterfaces()
    {
        var names = new List<string>();
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            string name = Path.GetFileName(dir);
            if (FlowDbLayout.IsValidInterfaceName(name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The days of an interface with their totals, oldest first, from its day summary. Days the summary
    /// does not know yet (a writer crashed between committing a day's first block and the summary) are summed
    /// from their metadata.</summary>
    public IReadOnlyList<FlowDbDay> ListDays(string interfaceName)
    {
        string dir = InterfaceDirectory(interfaceName);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        string summaryPath = Path.Combine(dir, FlowDbLayout.SummaryFileName);
        List<FlowDbDay>? summary = null;
        if (File.Exists(summaryPath))
        {
            summary = SummaryFile.Parse(ReadAllBytes(summaryPath), interfaceName);
            if (summary is null)
            {
                Report(FlowDbIssueKind.CorruptSummary, summaryPath, interfaceName, null, null, "day summary is damaged; days listed from their metadata");
            }
        }

        var known = new Dictionary<DateOnly, FlowDbDay>();
        foreach (FlowDbDay d in summary ?? [])
        {
            known[d.Day] = d;
        }

        var days = new List<FlowDbDay>();
        foreach (DateOnly day in ListDayDirectories(dir))
        {
            days.Add(known.TryGetValue(day, out FlowDbDay? d) ? d : FlowDbDay.FromBlocks(interfaceName, day, ListBlocks(interfaceName, day)));
        }

        return days;
    }

    /// <summary>The UTC days that have a directory for <paramref name="interfaceName"/>, oldest first.</summary>
    public IReadOnlyList<DateOnly> ListDayDates(string interfaceName)
    {
        string dir = InterfaceDirectory(interfaceName);
        return Directory.Exists(dir) ? ListDayDirectories(dir) : [];
    }

    /// <summary>The committed blocks of one interface-day, in write order; empty (with an issue) when its metadata is damaged or missing.</summary>
    public IReadOnlyList<FlowDbBlock> ListBlocks(string interfaceName, DateOnly day)
    {
        string dir = Path.Combine(InterfaceDirectory(interfaceName), FlowDbLayout.DayName(day));
        string metaPath = Path.Combine(dir, FlowDbLayout.MetaFileName);
        if (!File.Exists(metaPath))
        {
            if (Directory.Exists(dir) && File.Exists(Path.Combine(dir, FlowDbLayout.ColumnFileName(0))) && !_writerActive.Value)
            {
                Report(FlowDbIssueKind.MissingMetadata, metaPath, interfaceName, day, null, "day has column files but no block metadata; day skipped");
            }

            return [];
        }

        byte[] bytes;
        try
        {
            bytes = ReadAllBytes(metaPath);
        }
        catch (FileNotFoundException)
        {
            return [];
        }

        List<FlowDbBlock>? blocks = MetaFile.Parse(bytes, interfaceName, day, dir, out string? error);
        if (blocks is null)
        {
            Report(FlowDbIssueKind.CorruptMetadata, metaPath, interfaceName, day, null, $"{error}; day skipped");
            return [];
        }

        if (!_writerActive.Value)
        {
            CheckUncommitted(interfaceName, day, dir, blocks);
        }

        return blocks;
    }

    /// <summary>Reads and decodes the selected columns of a block into pooled arrays; null (with an issue) when a
    /// column is truncated, fails its checksum or does not decode.</summary>
    public BlockColumns? ReadBlock(FlowDbBlock block, FlowColumns columns)
    {
        ArgumentNullException.ThrowIfNull(block);
        var result = new BlockColumns(block.Rows4, block.Rows6, columns);
        byte[] stored = [];
        byte[] raw = [];
        try
        {
            for (int c = 0; c < FlowDbLayout.ColumnCount; c++)
            {
                if (((int)columns & (1 << c)) == 0)
                {
                    continue;
                }

                ColumnChunk chunk = block.Chunks[c];
                string path = Path.Combine(block.DayDirectory, FlowDbLayout.ColumnFileName(c));
                if (!ColumnCompression.IsAvailable(chunk.Codec))
                {
                    return Fail(FlowDbIssueKind.CodecUnavailable, $"column written with {chunk.Codec}, which this machine cannot decode; block skipped");
                }

                long t0 = s_timed ? Stopwatch.GetTimestamp() : 0;
                Grow(ref stored, chunk.Length);
                Grow(ref raw, chunk.RawLength);
                SafeFileHandle handle = Handle(path);
                int read = chunk.Length == 0 ? 0 : RandomAccess.Read(handle, stored.AsSpan(0, chunk.Length), chunk.Offset);
                while (read < chunk.Length)
                {
                    int n = RandomAccess.Read(handle, stored.AsSpan(read, chunk.Length - read), chunk.Offset + read);
                    if (n == 0)
                    {
                        return Fail(FlowDbIssueKind.TruncatedColumn, $"column ends at byte {chunk.Offset + read}, before the block's {chunk.Length} bytes at {chunk.Offset}; block skipped");
                    }

                    read += n;
                }

                ReadOnlySpan<byte> s = stored.AsSpan(0, chunk.Length);
                if (Crc32C.Compute(s) != chunk.Crc)
                {
                    return Fail(FlowDbIssueKind.ChecksumMismatch, $"column checksum mismatch at byte {chunk.Offset}; block skipped");
                }

                Span<byte> r = raw.AsSpan(0, chunk.RawLength);
                long t1 = s_timed ? Stopwatch.GetTimestamp() : 0;
                bool decompressed = ColumnCompression.TryDecompress(chunk.Codec, s, r);
                long t2 = s_timed ? Stopwatch.GetTimestamp() : 0;
                if (!decompressed || !Decode(c, r, result))
                {
                    return Fail(FlowDbIssueKind.CorruptColumn, $"column at byte {chunk.Offset} does not decode to {block.Rows} rows; block skipped");
                }

                if (s_timed)
                {
                    long t3 = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref s_readTicks, t1 - t0);
                    Interlocked.Add(ref s_decompressTicks, t2 - t1);
                    Interlocked.Add(ref s_decodeTicks, t3 - t2);
                }

                BlockColumns? Fail(FlowDbIssueKind kind, string message)
                {
                    Report(kind, path, block.Interface, block.Day, block.Start, message);
                    result.Dispose();
                    return null;
                }
            }

            return result;
        }
        catch (IOException e)
        {
            Report(FlowDbIssueKind.TruncatedColumn, block.DayDirectory, block.Interface, block.Day, block.Start, $"cannot read block ({e.Message}); block skipped");
            result.Dispose();
            return null;
        }
        finally
        {
            if (stored.Length > 0)
            {
                ColumnCompression.Return(stored);
            }

            if (raw.Length > 0)
            {
                ColumnCompression.Return(raw);
            }
        }
    }

    /// <summary>Thread time spent in <see cref="ReadBlock"/> so far by phase, when <c>WEIR_QUERY_TIMINGS=1</c>.</summary>
    internal static string TimingSummary()
    {
        double ms = 1000.0 / Stopwatch.Frequency;
        return !s_timed ? "" : FormattableString.Invariant(
            $"of which read+crc {s_readTicks * ms:F0} ms, decompress {s_decompressTicks * ms:F0} ms, decode {s_decodeTicks * ms:F0} ms");
    }

    /// <summary>Records an issue found by a caller (e.g. the query executor); the same file and message is recorded once.</summary>
    public void Report(FlowDbIssueKind kind, string path, string? interfaceName, DateOnly? day, DateTimeOffset? blockStart, string message)
    {
        if (_reported.TryAdd((path, message), true))
        {
            _issues.Enqueue(new FlowDbIssue(kind, path, interfaceName, day, blockStart, message));
        }
    }

    /// <summary>Closes the column files.</summary>
    public void Dispose()
    {
        foreach (SafeFileHandle h in _handles.Values)
        {
            h.Dispose();
        }

        _handles.Clear();
    }

    private static bool Decode(int column, ReadOnlySpan<byte> raw, BlockColumns c)
    {
        int n = c.Count;
        switch (column)
        {
            case 0:
                return ColumnEncoding.DecodeAddresses(raw, c.Sip4.AsSpan(0, c.Rows4), c.Sip6.AsSpan(0, c.Rows6));
            case 1:
                return ColumnEncoding.DecodeAddresses(raw, c.Dip4.AsSpan(0, c.Rows4), c.Dip6.AsSpan(0, c.Rows6));
            case 2:
                return ColumnEncoding.DecodeIntegers<ushort>(raw, c.Port.AsSpan(0, n)) == raw.Length;
            case 3:
                return ColumnEncoding.DecodeIntegers<byte>(raw, c.Proto.AsSpan(0, n)) == raw.Length;
            default:
                ulong[] target = column switch { 4 => c.BytesRcvd, 5 => c.BytesSnt, 6 => c.PktsRcvd, _ => c.PktsSnt };
                return ColumnEncoding.DecodeIntegers<ulong>(raw, target.AsSpan(0, n)) == raw.Length;
        }
    }

    private static void Grow(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            if (buffer.Length > 0)
            {
                ColumnCompression.Return(buffer);
            }

            buffer = ColumnCompression.Rent(length);
        }
    }

    private static List<DateOnly> ListDayDirectories(string interfaceDirectory)
    {
        var days = new List<DateOnly>();
        foreach (string dir in Directory.EnumerateDirectories(interfaceDirectory))
        {
            if (FlowDbLayout.TryParseDay(Path.GetFileName(dir), out DateOnly day))
            {
                days.Add(day);
            }
        }

        days.Sort();
        return days;
    }

    private static byte[] ReadAllBytes(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return bytes;
    }

    private string InterfaceDirectory(string interfaceName)
    {
        if (!FlowDbLayout.IsValidInterfaceName(interfaceName))
        {
            throw new ArgumentException($"'{interfaceName}' is not an interface name", nameof(interfaceName));
        }

        return Path.Combine(Root, interfaceName);
    }

    private SafeFileHandle Handle(string path) =>
        _handles.GetOrAdd(path, static p => File.OpenHandle(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));

    private void CheckUncommitted(string interfaceName, DateOnly day, string dir, List<FlowDbBlock> blocks)
    {
        for (int c = 0; c < FlowDbLayout.ColumnCount; c++)
        {
            long end = 0;
            foreach (FlowDbBlock b in blocks)
            {
                end = Math.Max(end, b.Chunks[c].End);
            }

            var file = new FileInfo(Path.Combine(dir, FlowDbLayout.ColumnFileName(c)));
            if (file.Exists && file.Length > end)
            {
                Report(FlowDbIssueKind.UncommittedData, file.FullName, interfaceName, day, null,
                    $"{file.Length - end} bytes after the last committed block (an interrupted write); ignored");
                return;
            }
        }
    }

    /// <summary>Whether a writer holds the database right now: then bytes past the committed blocks are a write in
    /// progress, not damage.</summary>
    private bool ProbeWriter()
    {
        string path = Path.Combine(Root, FlowDbLayout.LockFileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
