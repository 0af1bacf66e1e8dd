using System.Collections.Concurrent;
using Weir.Actors.Writeout;
using Weir.Engine.Flows;

namespace Weir.Actors.Tests.Support;

/// <summary>Keeps written blocks in memory; fails the first <c>failures</c> writes with an <see cref="IOException"/>.</summary>
internal sealed class MemorySink(int failures = 0, bool diskFull = false) : IFlowBlockSink
{
    private int _failures = failures;

    public ConcurrentQueue<FlowBlock> Blocks { get; } = new();

    public int Attempts { get; private set; }

    public long Packets => Blocks.Sum(b => (long)b.Totals.Packets);

    public long PacketsOf(string iface) => Blocks.Where(b => b.InterfaceName == iface).Sum(b => (long)b.Totals.Packets);

    public void Write(FlowBlock block)
    {
        Attempts++;
        if (_failures > 0)
        {
            _failures--;
            throw diskFull ? new IOException("No space left on device", 28) : new IOException("transient failure");
        }

        _ = block.Records.Length;
        Blocks.Enqueue(block);
    }

    public void Dispose()
    {
    }
}
