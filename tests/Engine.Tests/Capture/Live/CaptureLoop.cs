using System.Diagnostics;
using Weir.Engine.Capture;
using Weir.Engine.Capture.Live;

namespace Weir.Engine.Tests.Capture.Live;

/// <summary>Reads a source on the calling thread until a condition holds or a deadline passes.</summary>
internal static class CaptureLoop
{
    /// <summary>
    /// Reads until <paramref name="done"/> holds (then <paramref name="settle"/> longer, so duplicates or extras
    /// would show) or <paramref name="limit"/> has passed.
    /// </summary>
    public static UdpFlowCounts Run(ICaptureSource source, Func<UdpFlowCounts, bool> done, TimeSpan limit, TimeSpan settle)
    {
        var counts = new UdpFlowCounts();
        var handler = new CountingHandler(counts);
        var clock = Stopwatch.StartNew();
        TimeSpan? settleUntil = null;
        while (clock.Elapsed < limit && (settleUntil is null || clock.Elapsed < settleUntil))
        {
            if (source.ReadBatch(ref handler, CancellationToken.None) < 0)
            {
                break;
            }

            if (settleUntil is null && done(counts))
            {
                settleUntil = clock.Elapsed + settle;
            }
        }

        return counts;
    }

    /// <summary>Options that keep tests quick: short polls, small ring.</summary>
    public static LiveCaptureOptions Quick(LiveSourceKind kind) => new()
    {
        Source = kind,
        BlockSize = 1 << 18,
        SnapLength = 2048,
        BlockCount = 4,
        BlockTimeout = TimeSpan.FromMilliseconds(5),
        PollTimeout = TimeSpan.FromMilliseconds(50),
    };
}
