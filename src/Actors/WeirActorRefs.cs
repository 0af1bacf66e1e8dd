using Weir.Actors.Capture;
using Weir.Actors.Kernel;
using Weir.Actors.Metrics;

namespace Weir.Actors;

/// <summary>The top-level actors <see cref="WeirActors.Start"/> created.</summary>
/// <param name="Capture"><c>/user/capture</c>, the capture manager (messages in <c>Weir.Actors.Capture</c>).</param>
/// <param name="Rotation"><c>/user/rotation</c>, the rotation scheduler.</param>
/// <param name="Writeout"><c>/user/writeout</c> (messages in <c>Weir.Actors.Writeout</c>).</param>
/// <param name="Metrics"><c>/user/metrics</c> (<see cref="GetMetricsText"/>).</param>
/// <param name="Registry">The live per-interface counters the capture actors update and metrics read.</param>
public sealed record WeirActorRefs(IActorRef Capture, IActorRef Rotation, IActorRef Writeout, IActorRef Metrics, CaptureRegistry Registry);
