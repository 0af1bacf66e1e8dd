using System.Diagnostics.CodeAnalysis;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// Appends blocks to a flow database. One writer per database (an exclusive lock file enforces it); calls are
/// not thread-safe (the writeout actor owns the writer). <see cref="Write"/> is durable on return: the columns
/// are appended and fsynced, then the day's metadata is replaced atomically (temp file, fsync, rename, fsync of
/// the directory), then the interface's day summary the same way. A crash at any point leaves every committed
/// block readable and loses at most the block being written, whose bytes the next writer truncates away.
/// </summary>
public sealed class FlowDbWriter : IDisposable
{
    private readonly FileStream _lock;
    private readonly FlowDbWriterOptions _options;
    private readonly ColumnCodec _codec;
    private readonly BlockEncoder _encoder = new();
    private readonly Dictionary<string, InterfaceState> _interfaces = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Opens (creating if needed) the database at <paramref name="root"/> for writing.</summary>
    /// <exception cref="FlowDbException">Another writer holds the database, or the directory cannot be created.</exception>
    public FlowDbWriter(string root, FlowDbWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _options = options ?? new FlowDbWriterOptions();
        _codec = _options.Codec ?? ColumnCompression.DefaultCodec;
        if (!ColumnCompression.IsAvailable(_codec))
        {
            throw new FlowDbException($"codec {_codec} is not available on this machine", Root);
        }

        try
        {
            DurableFile.CreateDirectory(Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FlowDbException($"cannot create the flow database directory ({e.Message})", Root, e);
        }

        _lock = AcquireLock(Path.Combine(Root, FlowDbLayout.LockFileName));
    }

    /// <summary>The database's root directory.</summary>
    public string Root { get; }

    /// <summary>Codec new blocks are written with.</summary>
    public ColumnCodec Codec => _codec;

    /// <summary>Writes one block; when this returns the block is committed and durable.</summary>
    /// <returns>The block as a reader will see it.</returns>
    /// <exception cref="FlowDbException">The disk is full or a file cannot be written; nothing of the block is committed.</exception>
    public FlowDbBlock Write(FlowBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!FlowDbLayout.IsValidInterfaceName(block.InterfaceName))
        {
            throw new ArgumentException($"interface name '{block.InterfaceName}' cannot name a directory", nameof(block));
        }

        DateOnly day = FlowDbLayout.DayOf(block.Start);
        InterfaceState iface;
        DayState state;
        DateOnly? completed = null;
        try
        {
            iface = Interface(block.InterfaceName);
            completed = iface.CurrentDay is { } current && current < day ? current : null;
            state = iface.Day(day, _options.Durable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string where = Path.Combine(Root, block.InterfaceName, FlowDbLayout.DayName(day));
            string what = e is IOException io && DurableFile.IsDiskFull(io) ? "disk full" : e.Message;
            throw new FlowDbException($"cannot open the day of block {block.Start:u} of {block.InterfaceName} ({what})", where, e);
        }

        _encoder.Encode(block, _codec, _options.CompressionLevel);

        var chunks = new ColumnChunk[FlowDbLayout.ColumnCount];
        string path = state.Directory;
        try
        {
            for (int c = 0; c < chunks.Length; c++)
            {
                path = state.ColumnPath(c);
                ReadOnlySpan<byte> stored = _encoder.Stored(c);
                RandomAccess.Write(state.Columns[c].SafeFileHandle, stored, state.Ends[c]);
                chunks[c] = new ColumnChunk(state.Ends[c], stored.Length, _encoder.RawLength(c), Crc32C.Compute(stored), _codec);
            }

            if (_options.Durable)
            {
                for (int c = 0; c < chunks.Length; c++)
                {
                    path = state.ColumnPath(c);
                    state.Columns[c].Flush(flushToDisk: true);
                }
            }

            var committed = new FlowDbBlock(block.InterfaceName, day, state.Directory, state.Blocks.Count, block.Start, block.End,
                _encoder.Rows4, _encoder.Rows6, block.Totals, block.Stats, _encoder.Summary, chunks);
            state.Blocks.Add(committed);
            path = state.MetaPath;
            try
            {
                WriteFile(state.MetaPath, MetaFile.Serialize(state.Blocks));
            }
            catch
            {
                state.Blocks.RemoveAt(state.Blocks.Count - 1);
                throw;
            }

            for (int c = 0; c < chunks.Length; c++)
            {
                state.Ends[c] = chunks[c].End;
            }

            // The block is committed. The summary is a cache of the metadata: if writing it fails (disk full), the
            // block must not be reported as failed (the caller would write it twice); the next write or the next
            // writer's reconciliation brings the summary up to date.
            iface.SetDay(FlowDbDay.FromBlocks(block.InterfaceName, day, state.Blocks));
            try
            {
                WriteFile(iface.SummaryPath, SummaryFile.Serialize(iface.Days));
            }
            catch (IOException)
            {
            }

            if (_options.BuildRollups && completed is { } done)
            {
                BuildRollup(block.InterfaceName, done);
            }
            else if (_options.BuildRollups && _options.RollupEveryBlocks > 0 && state.Blocks.Count % _options.RollupEveryBlocks == 0)
            {
                BuildRollup(block.InterfaceName, day);
            }

            return committed;
        }
        catch (IOException e)
        {
            state.Rollback();
            ThrowWriteFailed(block, path, e);
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            state.Rollback();
            throw new FlowDbException($"cannot write block {block.Start:u} of {block.InterfaceName} (access denied)", path, e);
        }
    }

    /// <summary>Deletes every day of every interface that ended at or before <paramref name="now"/> − <paramref name="maxAge"/>.</summary>
    /// <returns>The days deleted.</returns>
    public IReadOnlyList<FlowDbDay> ApplyRetention(TimeSpan maxAge, DateTimeOffset now)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        DateTimeOffset cutoff = now - maxAge;
        var deleted = new List<FlowDbDay>();
        foreach (string dir in Directory.EnumerateDirectories(Root))
        {
            string name = Path.GetFileName(dir);
            if (!FlowDbLayout.IsValidInterfaceName(name))
            {
                continue;
            }

            InterfaceState iface = Interface(name);
            foreach (FlowDbDay day in iface.Days.ToArray())
            {
                if (FlowDbLayout.StartOf(day.Day.AddDays(1)) <= cutoff)
                {
                    iface.DeleteDay(day.Day, _options.Durable);
                    deleted.Add(day);
                }
            }
        }

        return deleted;
    }

    /// <summary>Closes the column files and releases the writer lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach ((string name, InterfaceState iface) in _interfaces)
        {
            DateOnly? current = iface.CurrentDay;
            iface.Close();
            if (_options.BuildRollups && current is { } day)
            {
                BuildRollup(name, day);
            }
        }

        _lock.Dispose();
    }

    /// <summary>Builds or extends a day's roll-up. The roll-up only speeds queries up: failing to write it (disk
    /// full) must not fail the block, and the next build or <c>weir db rollup</c> catches up.</summary>
    private void BuildRollup(string interfaceName, DateOnly day)
    {
        try
        {
            // A fresh reader per build, so that no handle keeps a pruned day's files alive.
            using var reader = new FlowDbReader(Root);
            TalkerRollupBuilder.Build(reader, interfaceName, day, _codec, _options.Durable);
        }
        catch (FlowDbException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        catch (InvalidOperationException)
        {
            // A codec failure: the block is committed all the same, and must not be reported as failed.
        }
    }

    private void WriteFile(string path, byte[] content)
    {
        if (_options.Durable)
        {
            DurableFile.WriteAtomic(path, content);
        }
        else
        {
            File.WriteAllBytes(path + FlowDbLayout.TempSuffix, content);
            File.Move(path + FlowDbLayout.TempSuffix, path, overwrite: true);
        }
    }

    private InterfaceState Interface(string name)
    {
        if (!_interfaces.TryGetValue(name, out InterfaceState? state))
        {
            state = new InterfaceState(name, Path.Combine(Root, name));
            _interfaces.Add(name, state);
        }

        return state;
    }

    private static FileStream AcquireLock(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 40)
            {
                // A reader checks the lock for a moment to tell a live writer from a crashed one; wait it out.
                Thread.Sleep(25);
            }
            catch (IOException e)
            {
                throw new FlowDbException("another writer holds the flow database", path, e);
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowWriteFailed(FlowBlock block, string path, IOException e)
    {
        string what = DurableFile.IsDiskFull(e) ? "disk full" : e.Message;
        throw new FlowDbException($"cannot write block {block.Start:u} of {block.InterfaceName} ({what})", path, e);
    }

    /// <summary>What the writer holds open for one interface: its day summary and the day being appended to.</summary>
    private sealed class InterfaceState
    {
        private readonly string _name;
        private readonly string _directory;
        private readonly List<FlowDbDay> _days;
        private DayState? _current;

        public InterfaceState(string name, string directory)
        {
            _name = name;
            _directory = directory;
            DurableFile.CreateDirectory(directory);
            foreach (string leftover in Directory.EnumerateDirectories(directory, FlowDbLayout.DeletingPrefix + "*"))
            {
                Directory.Delete(leftover, recursive: true);
            }

            List<FlowDbDay>? days = File.Exists(SummaryPath) ? SummaryFile.Parse(File.ReadAllBytes(SummaryPath), name) : null;
            _days = Reconcile(days ?? []);
        }

        public string SummaryPath => Path.Combine(_directory, FlowDbLayout.SummaryFileName);

        public List<FlowDbDay> Days => _days;

        /// <summary>The day being appended to, if any.</summary>
        public DateOnly? CurrentDay => _current?.Day;

        public DayState Day(DateOnly day, bool durable)
        {
            if (_current is { } current && current.Day == day)
            {
                return current;
            }

            _current?.Close();
            _current = null;
            _current = new DayState(_name, day, Path.Combine(_directory, FlowDbLayout.DayName(day)), durable);
            return _current;
        }

        public void SetDay(FlowDbDay day)
        {
            int i = _days.FindIndex(d => d.Day == day.Day);
            if (i >= 0)
            {
                _days[i] = day;
            }
            else
            {
                _days.Add(day);
                _days.Sort((a, b) => a.Day.CompareTo(b.Day));
            }
        }

        public void DeleteDay(DateOnly day, bool durable)
        {
            if (_current?.Day == day)
            {
                _current.Close();
                _current = null;
            }

            string dir = Path.Combine(_directory, FlowDbLayout.DayName(day));
            string doomed = Path.Combine(_directory, FlowDbLayout.DeletingPrefix + FlowDbLayout.DayName(day));
            if (Directory.Exists(dir))
            {
                // Rename first so that a crash mid-delete never leaves a half-deleted day that looks like data.
                Directory.Move(dir, doomed);
                if (durable)
                {
                    DurableFile.SyncDirectory(_directory);
                }
            }

            _days.RemoveAll(d => d.Day == day);
            byte[] summary = SummaryFile.Serialize(_days);
            if (durable)
            {
                DurableFile.WriteAtomic(SummaryPath, summary);
            }
            else
            {
                File.WriteAllBytes(SummaryPath, summary);
            }

            if (Directory.Exists(doomed))
            {
                Directory.Delete(doomed, recursive: true);
            }
        }

        public void Close()
        {
            _current?.Close();
            _current = null;
        }

        private List<FlowDbDay> Reconcile(List<FlowDbDay> known)
        {
            var byDay = known.ToDictionary(d => d.Day);
            var result = new List<FlowDbDay>();
            Span<byte> header = stackalloc byte[16];
            foreach (string dir in Directory.EnumerateDirectories(_directory))
            {
                if (!FlowDbLayout.TryParseDay(Path.GetFileName(dir), out DateOnly day))
                {
                    continue;
                }

                string meta = Path.Combine(dir, FlowDbLayout.MetaFileName);
                int count = -1;
                if (File.Exists(meta))
                {
                    using var fs = new FileStream(meta, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                    count = fs.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length ? MetaFile.PeekCount(header) : -1;
                }

                if (byDay.TryGetValue(day, out FlowDbDay? entry) && entry.Blocks == count)
                {
                    result.Add(entry);
                    continue;
                }

                List<FlowDbBlock>? blocks = count >= 0 ? MetaFile.Parse(File.ReadAllBytes(meta), _name, day, dir, out _) : null;
                result.Add(FlowDbDay.FromBlocks(_name, day, blocks ?? []));
            }

            result.Sort((a, b) => a.Day.CompareTo(b.Day));
            return result;
        }
    }

    /// <summary>The open column files and committed blocks of the day being appended to.</summary>
    private sealed class DayState
    {
        public DayState(string interfaceName, DateOnly day, string directory, bool durable)
        {
            Day = day;
            Directory = directory;
            DurableFile.CreateDirectory(directory);
            List<FlowDbBlock>? blocks = null;
            bool hadMeta = File.Exists(MetaPath);
            if (hadMeta)
            {
                blocks = MetaFile.Parse(File.ReadAllBytes(MetaPath), interfaceName, day, directory, out _);
                if (blocks is null)
                {
                    // Keep the damaged file for inspection; new blocks get fresh metadata after the existing bytes.
                    File.Move(MetaPath, MetaPath + ".corrupt", overwrite: true);
                }
            }

            Blocks = blocks ?? [];
            Columns = new FileStream[FlowDbLayout.ColumnCount];
            Ends = new long[FlowDbLayout.ColumnCount];
            for (int c = 0; c < Columns.Length; c++)
            {
                Columns[c] = new FileStream(ColumnPath(c), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
                long end = Columns[c].Length;
                if (blocks is not null)
                {
                    end = 0;
                    foreach (FlowDbBlock b in blocks)
                    {
                        end = Math.Max(end, b.Chunks[c].End);
                    }

                    if (Columns[c].Length > end)
                    {
                        // Bytes after the last committed chunk are a torn write of a crashed writer.
                        Columns[c].SetLength(end);
                        if (durable)
                        {
                            Columns[c].Flush(flushToDisk: true);
                        }
                    }
                }

                Ends[c] = end;
            }

            if (durable)
            {
                DurableFile.SyncDirectory(directory);
            }
        }

        public DateOnly Day { get; }

        public string Directory { get; }

        public string MetaPath => Path.Combine(Directory, FlowDbLayout.MetaFileName);

        public List<FlowDbBlock> Blocks { get; }

        public FileStream[] Columns { get; }

        public long[] Ends { get; }

        public string ColumnPath(int column) => Path.Combine(Directory, FlowDbLayout.ColumnFileName(column));

        /// <summary>Cuts the column files back to the last committed block after a failed write (best effort: the next writer does it too).</summary>
        public void Rollback()
        {
            for (int c = 0; c < Columns.Length; c++)
            {
                try
                {
                    if (Columns[c].Length > Ends[c])
                    {
                        Columns[c].SetLength(Ends[c]);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        public void Close()
        {
            foreach (FileStream fs in Columns)
            {
                fs.Dispose();
            }
        }
    }
}
