using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Weir.Engine.Capture;

/// <summary>
/// Asks the CPU to load a mapped file a fixed distance ahead of a reader that walks it record by record. The
/// next record's place is known only once the current header is read, so without this every record header of a
/// large capture is a cache miss the reader waits for, one after the other (on a 3.6 GB capture that wait was
/// about as long as all the counting). Prefetching every cache line of the stream a few kilobytes ahead turns
/// those waits into loads already in flight; the lines go to the cache as non-temporal data, so the stream does
/// not push the flow tables out of the shared cache.
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
            Sse.PrefetchNonTemporal(file + line);
        }

        _requested = line;
    }
}
