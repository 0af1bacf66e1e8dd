using Weir.Engine.Flows;
using Weir.Engine.Storage;

namespace Weir.Actors.Writeout;

/// <summary>The flow database as a <see cref="IFlowBlockSink"/>: opens a <see cref="FlowDbWriter"/> on first use.</summary>
public sealed class FlowDbSink : IFlowBlockSink
{
    /// <summary>1 once a sink of this process has compiled the writer's code (<see cref="WarmUp"/>).</summary>
    private static int s_warm;

    private readonly string _root;
    private readonly FlowDbWriterOptions? _options;
    private FlowDbWriter? _writer;

    /// <summary>A sink writing under <paramref name="root"/>.</summary>
    public FlowDbSink(string root, FlowDbWriterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = root;
        _options = options;
        WarmUp(options);
    }

    /// <summary>
    /// Writes one small block to a throwaway database, once per process, so that the writer's code (encoders,
    /// codecs, metadata, roll-ups) is compiled now rather than while the first real block is written: on a
    /// two-core host that compiling ran beside the capture threads' first rotation and stretched its stall to
    /// 0.5–2.3 ms (docs/benchmarks/actors.md). Best effort: a temporary directory that cannot be written only
    /// leaves the compiling for later.
    /// </summary>
    private static void WarmUp(FlowDbWriterOptions? options)
    {
        if (Interlocked.Exchange(ref s_warm, 1) != 0)
        {
            return;
        }

        string directory = Path.Combine(Path.GetTempPath(), "weir-writer-warm-up-" + Guid.NewGuid().ToString("N"));
        try
        {
            var flow = new FlowRecord { Key = FlowKey.FromIPv4(0x0A000001, 0x0A000002, 443, 6), Counters = new FlowCounters(1, 1, 1, 1) };
            DateTimeOffset start = DateTimeOffset.UnixEpoch;
            using (var writer = new FlowDbWriter(directory, (options ?? new FlowDbWriterOptions()) with { Durable = false }))
            {
                writer.Write(new FlowBlock("warm-up", start, start.AddSeconds(1), [flow], 1, default));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        finally
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <inheritdoc/>
    public void Write(FlowBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _writer ??= new FlowDbWriter(_root, _options);
        _writer.Write(block);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
