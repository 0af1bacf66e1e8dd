using System.Buffers.Binary;
using Weir.Engine.Capture;

namespace Weir.Engine.Flows;

/// <summary>
/// Holds copies of the frames that arrive while a capture actor hands its flow log over at rotation, so that
/// the kernel ring keeps draining; afterwards <see cref="Replay{THandler}(ref THandler)"/> feeds them, in
/// arrival order, into the new log. The frames live in one fixed-size arena rented from a
/// <see cref="LocalBufferPool"/> on the first append: each is a 24-byte header (captured length, original
/// length, timestamp, link type, direction) followed by its bytes. When the arena is full (or the pool has no
/// arena left) <see cref="TryAppend"/> returns false and the caller counts a
/// <see cref="Packets.ParseIssue.LocalBufferFull"/> drop (<see cref="FlowLog.CountDropped"/>): never a crash,
/// never an allocation per frame. Owned by one thread, like the log.
/// </summary>
public sealed class LocalBuffer : IDisposable
{
    /// <summary>Bytes of the header before each frame's bytes.</summary>
    public const int RecordHeaderSize = 24;

    private readonly LocalBufferPool _pool;
    private byte[]? _arena;
    private int _used;
    private int _frames;

    /// <summary>Creates an empty buffer that rents its arena from <paramref name="pool"/> when first needed.</summary>
    public LocalBuffer(LocalBufferPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        _pool = pool;
    }

    /// <summary>Frames held.</summary>
    public int Count => _frames;

    /// <summary>Bytes of the arena written.</summary>
    public int UsedBytes => _used;

    /// <summary>Size of the arena.</summary>
    public int CapacityBytes => _pool.BufferSize;

    /// <summary>
    /// Copies <paramref name="frame"/> (bytes, timestamp, original length, link type, direction) into the arena.
    /// Returns false, copying nothing, when it does not fit or no arena can be rented.
    /// </summary>
    public bool TryAppend(in Frame frame)
    {
        ReadOnlySpan<byte> data = frame.Data;
        byte[]? arena = _arena;
        if (arena is null)
        {
            if (!_pool.TryRent(out arena))
            {
                return false;
            }

            _arena = arena;
        }

        int needed = RecordHeaderSize + data.Length;
        if (needed > arena.Length - _used)
        {
            return false;
        }

        Span<byte> record = arena.AsSpan(_used, needed);
        BinaryPrimitives.WriteInt32LittleEndian(record, data.Length);
        BinaryPrimitives.WriteInt32LittleEndian(record[4..], frame.OriginalLength);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], frame.TimestampNs);
        BinaryPrimitives.WriteInt32LittleEndian(record[16..], (int)frame.LinkType);
        record[20] = (byte)frame.Direction;
        data.CopyTo(record[RecordHeaderSize..]);
        _used += needed;
        _frames++;
        return true;
    }

    /// <summary>
    /// Hands every held frame, in the order appended, to <paramref name="handler"/>; returns the number
    /// replayed. The frames stay held until <see cref="Reset"/>.
    /// </summary>
    public int Replay<THandler>(ref THandler handler)
        where THandler : struct, IFrameHandler
    {
        byte[]? arena = _arena;
        if (arena is null)
        {
            return 0;
        }

        int offset = 0;
        for (int i = 0; i < _frames; i++)
        {
            ReadOnlySpan<byte> header = arena.AsSpan(offset, RecordHeaderSize);
            int length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var frame = new Frame(
                arena.AsSpan(offset + RecordHeaderSize, length),
                BinaryPrimitives.ReadInt64LittleEndian(header[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(header[4..]),
                (LinkType)BinaryPrimitives.ReadInt32LittleEndian(header[16..]),
                (PacketDirection)header[20]);
            handler.OnFrame(in frame);
            offset += RecordHeaderSize + length;
        }

        return _frames;
    }

    /// <summary>Counts every held frame into <paramref name="log"/> (<see cref="FlowLog.Add(in Frame)"/>), in order.</summary>
    public int Replay(FlowLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var handler = new FlowLogFrameHandler(log);
        return Replay(ref handler);
    }

    /// <summary>Forgets the held frames and returns the arena to the pool.</summary>
    public void Reset()
    {
        _used = 0;
        _frames = 0;
        if (_arena is { } arena)
        {
            _arena = null;
            _pool.Return(arena);
        }
    }

    /// <summary>How full this buffer and its pool are.</summary>
    public LocalBufferUsage Usage()
    {
        (long rented, long capacity, _) = _pool.Usage();
        return new LocalBufferUsage(_frames, _used, _pool.BufferSize, rented, capacity);
    }

    /// <summary>Same as <see cref="Reset"/>.</summary>
    public void Dispose() => Reset();
}
