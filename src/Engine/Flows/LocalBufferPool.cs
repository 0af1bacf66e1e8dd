namespace Weir.Engine.Flows;

/// <summary>
/// A bounded pool of <see cref="BufferCount"/> byte arenas of <see cref="BufferSize"/> bytes each, shared by
/// the interfaces' <see cref="LocalBuffer"/>s (goProbe's <c>LocalBufferPool</c>). Arenas are allocated on first
/// rent and reused after that; when all are rented, renting fails instead of allocating more, which bounds the
/// memory a burst of rotations can take. Thread-safe.
/// </summary>
public sealed class LocalBufferPool
{
    private readonly Lock _gate = new();
    private readonly Stack<byte[]> _free = new();
    private int _rented;
    private int _allocated;

    /// <summary>Creates a pool of <paramref name="bufferCount"/> arenas of <paramref name="bufferSize"/> bytes.</summary>
    public LocalBufferPool(int bufferCount, int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, LocalBuffer.RecordHeaderSize);
        BufferCount = bufferCount;
        BufferSize = bufferSize;
    }

    /// <summary>Number of arenas the pool hands out at most.</summary>
    public int BufferCount { get; }

    /// <summary>Size of each arena in bytes.</summary>
    public int BufferSize { get; }

    /// <summary>Arenas currently rented.</summary>
    public int Rented
    {
        get
        {
            lock (_gate)
            {
                return _rented;
            }
        }
    }

    /// <summary>Bytes the pool can hand out in all (<see cref="BufferCount"/> × <see cref="BufferSize"/>).</summary>
    public long CapacityBytes => (long)BufferCount * BufferSize;

    /// <summary>Rents an arena; false when all <see cref="BufferCount"/> are rented.</summary>
    public bool TryRent(out byte[] arena)
    {
        lock (_gate)
        {
            if (_rented == BufferCount)
            {
                arena = [];
                return false;
            }

            _rented++;
            if (_free.TryPop(out byte[]? reused))
            {
                arena = reused;
                return true;
            }

            _allocated++;
        }

        // Allocate outside the lock: a large arena takes a while to zero, and nobody else needs to wait for it.
        arena = GC.AllocateUninitializedArray<byte>(BufferSize);
        return true;
    }

    /// <summary>Returns an arena <see cref="TryRent"/> gave out.</summary>
    public void Return(byte[] arena)
    {
        ArgumentNullException.ThrowIfNull(arena);
        ArgumentOutOfRangeException.ThrowIfNotEqual(arena.Length, BufferSize);
        lock (_gate)
        {
            if (_rented == 0)
            {
                throw new InvalidOperationException("More arenas returned than rented.");
            }

            _rented--;
            _free.Push(arena);
        }
    }

    /// <summary>Rented arenas against the pool's capacity, in bytes and as a fraction.</summary>
    public (long RentedBytes, long CapacityBytes, double Fraction) Usage()
    {
        int rented = Rented;
        long bytes = (long)rented * BufferSize;
        return (bytes, CapacityBytes, (double)rented / BufferCount);
    }
}
