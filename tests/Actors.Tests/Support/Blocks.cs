using Weir.Engine.Flows;

namespace Weir.Actors.Tests.Support;

internal static class Blocks
{
    /// <summary>A block of <paramref name="packets"/> packets on <paramref name="iface"/>, built with a real flow log.</summary>
    public static FlowBlock Make(string iface, int packets, int minute = 0)
    {
        var log = new FlowLog();
        var source = new FakeSource(iface, flows: 4, batch: packets);
        source.Send(packets);
        var handler = new FlowLogFrameHandler(log);
        source.ReadBatch(ref handler, CancellationToken.None);
        var start = new DateTimeOffset(2026, 12, 1, 0, minute, 0, TimeSpan.Zero);
        return log.Rotate(iface, start, start.AddMinutes(1));
    }
}
