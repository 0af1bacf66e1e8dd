using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Writeout;

namespace Weir.Actors.Metrics;

/// <summary>
/// <c>/user/metrics</c>: answers <see cref="GetMetricsText"/> with the Prometheus text of the live
/// <see cref="CaptureRegistry"/> (read on scrape; the capture threads publish their counters once per batch)
/// and of writeout (counted from <see cref="BlockWritten"/> events).
/// </summary>
public sealed class MetricsActor : ReceiveActor
{
    private readonly CaptureRegistry _registry;
    private readonly bool _ifaceLabel;
    private long _blocks;
    private long _flows;

    /// <summary>Creates the actor (use <see cref="Props"/>).</summary>
    public MetricsActor(CaptureRegistry registry, bool ifaceLabel)
    {
        _registry = registry;
        _ifaceLabel = ifaceLabel;
        Receive<GetMetricsText>(_ => Sender.Tell(new MetricsText(PrometheusText.Render(_registry, _ifaceLabel, _blocks, _flows))));
        Receive<BlockWritten>(b =>
        {
            _blocks++;
            _flows += b.Flows;
        });
    }

    /// <summary>Props of the actor.</summary>
    public static Props Props(CaptureRegistry registry, bool ifaceLabel) => Kernel.Props.Create(() => new MetricsActor(registry, ifaceLabel));

    /// <inheritdoc/>
    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(BlockWritten));

    /// <inheritdoc/>
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
