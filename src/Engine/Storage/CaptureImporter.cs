using Weir.Engine.Capture;
using Weir.Engine.Flows;

namespace Weir.Engine.Storage;

/// <summary>
/// Reads a capture file into a flow database the way a live capture would have stored it: packets are counted
/// into a <see cref="FlowLog"/> and the log is rotated at every interval boundary of <em>packet</em> time (boundaries
/// aligned to multiples of the interval since the Unix epoch, as the rotation scheduler aligns to the wall clock),
/// each non-empty interval becoming one block. A packet stamped before the current interval (a capture's clock
/// stepping back) is counted into the current interval rather than reopening a written one.
/// </summary>
public sealed class CaptureImporter
{
    private readonly FlowDbWriter _writer;
    private readonly string _interfaceName;
    private readonly long _intervalNs;
    private readonly FlowLog _log = new();
    private long _intervalStartNs = long.MinValue;
    private long _blocksWritten;
    private long _flowsWritten;

    /// <summary>Creates an importer writing blocks of <paramref name="interval"/> for <paramref name="interfaceName"/>.</summary>
    public CaptureImporter(FlowDbWriter writer, string interfaceName, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.FromSeconds(1));
        _writer = writer;
        _interfaceName = interfaceName;
        _intervalNs = interval.Ticks * 100;
    }

    /// <summary>Blocks written so far.</summary>
    public long BlocksWritten => _blocksWritten;

    /// <summary>Flow rows written so far.</summary>
    public long FlowsWritten => _flowsWritten;

    /// <summary>The flow log of the interval being read (its stats cover that interval only).</summary>
    public FlowLog CurrentLog => _log;

    /// <summary>Counts one frame, first writing out the interval it ends, if any.</summary>
    public void Add(in Frame frame)
    {
        long ts = frame.TimestampNs;
        if (ts >= _intervalStartNs + _intervalNs)
        {
            StartIntervalAt(ts);
        }

        _log.Add(in frame);
    }

    /// <summary>Writes the interval being read, if it holds anything. Call once at the end of the file (or of what could be read).</summary>
    public void Flush()
    {
        if (_intervalStartNs != long.MinValue)
        {
            WriteInterval();
        }
    }

    private void StartIntervalAt(long timestampNs)
    {
        if (_intervalStartNs != long.MinValue)
        {
            WriteInterval();
        }

        // Floor division, so pre-1970 timestamps of a broken capture still land on a boundary.
        long start = timestampNs - (((timestampNs % _intervalNs) + _intervalNs) % _intervalNs);
        _intervalStartNs = start;
    }

    private void WriteInterval()
    {
        if (_log.Stats.PacketsProcessed == 0)
        {
            return;
        }

        DateTimeOffset start = FromNs(_intervalStartNs), end = FromNs(_intervalStartNs + _intervalNs);
        FlowBlock block = _log.Rotate(_interfaceName, start, end);
        try
        {
            if (block.Count == 0)
            {
                return;
            }

            _writer.Write(block);
            _blocksWritten++;
            _flowsWritten += block.Count;
        }
        finally
        {
            // Written (or empty): its tables go back to the log for the next interval.
            block.Release();
        }
    }

    private static DateTimeOffset FromNs(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);
}
