using System.Runtime.ExceptionServices;
using Weir.Engine.Capture;

namespace Weir.Engine.Flows;

/// <summary>
/// Counts a classic pcap file into flows on several threads: the file is cut into consecutive ranges that
/// start on records (<see cref="PcapFileSegments"/>), each range is counted into a log of its own by a thread
/// reading it from one mapping of the file, and the logs are merged in file order so that the result is the one a
/// single log reading the file from start to end gives (see <see cref="FlowLog.MergeFollowing"/>).
/// </summary>
public static class CaptureFileAggregator
{
    /// <summary>The least a thread reads by default: below it, starting a thread and merging its flows costs more than it saves.</summary>
    public const long DefaultMinimumSegmentBytes = PcapFileSegments.DefaultMinimumSegmentBytes;

    /// <summary>How often the caller's progress callback is called while the threads count.</summary>
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Counts <paramref name="path"/> on up to <paramref name="threads"/> threads. Returns null when the file is
    /// not one this reads in parallel — not a regular classic pcap file, too small to be worth cutting
    /// (ranges below <paramref name="minimumSegmentBytes"/>), or a range start that the reading did not prove —
    /// and then the caller reads it in one piece as usual. <paramref name="progress"/> receives frames and file
    /// bytes read so far, on the calling thread.
    /// </summary>
    public static CaptureFileAggregate? TryAggregate(string path, int threads, FlowLogOptions? options = null,
        Action<long, long>? progress = null, long minimumSegmentBytes = DefaultMinimumSegmentBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= FlowLogOptions.Default;
        if (threads < 2)
        {
            return null;
        }

        using PcapFileSegments? segments = PcapFileSegments.TryOpen(path, threads, minimumSegmentBytes);
        if (segments is null || segments.Count < 2)
        {
            return null;
        }

        var parts = new Part[segments.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var log = new FlowLog(options);
            if (i > 0)
            {
                log.TrackOrphanPairs();
            }

            parts[i] = new Part(segments.OpenReader(i), log, collectPairs: i + 1 < segments.Count);
        }

        var threadsRunning = new Thread[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            Part part = parts[i];
            threadsRunning[i] = new Thread(part.Run) { IsBackground = true, Name = $"weir-read-{i}" };
            threadsRunning[i].Start();
        }

        foreach (Thread thread in threadsRunning)
        {
            while (!thread.Join(progress is null ? Timeout.InfiniteTimeSpan : s_progressInterval))
            {
                progress?.Invoke(parts.Sum(p => p.Frames), parts.Sum(p => p.Reader.Position - p.Start));
            }
        }

        // The first part starts after the file header; each later part's start is proved by the part before it
        // ending exactly there. An error ends the result where it is, as in a read from start to end.
        int last = 0;
        for (; last < parts.Length; last++)
        {
            if (parts[last].Failure is { } failure and not CaptureFileException)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            if (parts[last].Failure is not null)
            {
                break;
            }

            if (last + 1 < parts.Length && !parts[last].Reader.Landed)
            {
                return null;
            }
        }

        last = Math.Min(last, parts.Length - 1);
        FlowLog merged = parts[0].Log;
        long recounted = 0;
        List<HashSet<ulong>> facing = [parts[0].Pairs!];
        for (int i = 1; i <= last; i++)
        {
            int index = i;
            recounted += merged.MergeFollowing(parts[i].Log, parts[i - 1].Log, () => segments.OpenReader(index), facing);
            if (i < last)
            {
                facing.Add(parts[i].Pairs!);
            }
        }

        var stats = new CaptureSourceStats(parts.Take(last + 1).Sum(p => p.Reader.Stats.FramesDelivered), parts.Take(last + 1).Sum(p => p.Reader.Stats.BytesDelivered), 0, 0);
        progress?.Invoke(stats.FramesDelivered, parts[last].Reader.Position - PcapFileFormat.FileHeaderLength);
        return new CaptureFileAggregate(merged, stats, (parts[last].Failure as CaptureFileException)?.Message, last + 1, recounted);
    }

    /// <summary>One range, its reader and its log, counted on its own thread.</summary>
    private sealed class Part(PcapSegmentReader reader, FlowLog log, bool collectPairs)
    {
        private long _frames;

        public PcapSegmentReader Reader { get; } = reader;

        public FlowLog Log { get; } = log;

        public long Start { get; } = reader.Position;

        public Exception? Failure { get; private set; }

        /// <summary>The log's address pairs (<see cref="FlowLog.CollectPairHashes"/>), collected on this part's thread once it has counted; null for the last part, which no later part is merged against.</summary>
        public HashSet<ulong>? Pairs { get; private set; }

        public long Frames => Volatile.Read(ref _frames);

        public void Run()
        {
            var handler = new FlowLogFrameHandler(Log);
            try
            {
                int n;
                while ((n = Reader.ReadBatch(ref handler, CancellationToken.None)) >= 0)
                {
                    Volatile.Write(ref _frames, _frames + n);
                }
            }
            catch (Exception e)
            {
                // Reported on the calling thread, in file order.
                Failure = e;
            }

            // While a slower part still counts, this part's share of the merge runs here instead of after it.
            if (collectPairs)
            {
                Pairs = Log.CollectPairHashes();
            }
        }
    }
}
