using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Weir.Engine.Capture;

/// <summary>
/// Asks the CPU to load a mapped file a fixed distance ahead of a reader that walks it record by record. The
/// next record's place is known only once the current header is read, so without this every record header of a
/// large capture is a cache miss the reader waits for, one after the other (on a 3.6 GB capture that wait was
/// about as long as all the counting). Prefetching every cache line of the stream a few kilobytes ahead turns
/// those waits into loads already in flight. The lines are requested into the second-level cache (PREFETCHT1),
/// not as non-temporal data into the first level: a non-temporal request holds one of the core's few first-level
/// fill buffers until memory answers, so with every line of a large capture requested the prefetches themselves
/// stalled the reader (most of its samples sat on them); into L2 the same stream read 10–15 % faster end to end
/// (docs/benchmarks/flows-e2e.md).
/// </summary>
internal unsafe struct StreamPrefetcher
{
    /// <summary>How far ahead of the reader lines are requested: a few records of full-size packets, some tens of headers-only ones.</summary>
    public const int Distance = 4096;

    private const int LineSize = 64;

    /// <summary>File offset below which every line has been requested.</summary>
    private long _requested;

    /// <summary>Requests the lines of [<paramref name="position"/>, <paramref name="position"/> + <see cref="Distance"/>) not yet requested, within <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ahead(byte* file, long position, long end)
    {
        long target = Math.Min(position + Distance, end);
        if (_requested >= target || !Sse.IsSupported)
        {
            return;
        }

        RequestUpTo(file, position, target);
    }

    private void RequestUpTo(byte* file, long position, long target)
    {
        // After a jump (the first call, or a reader resuming elsewhere) start at the reader, not behind it.
        long line = Math.Max(_requested, position) & ~(long)(LineSize - 1);
        for (; line < target; line += LineSize)
        {
            Sse.Prefetch1(file + line);
        }

        _requested = line;
    }
}
