namespace Weir.Actors.Configuration;

/// <summary>One coordinated-shutdown phase (<c>akka.coordinated-shutdown.phases.&lt;name&gt;</c>).</summary>
/// <param name="Name">The phase name (<c>service-unbind</c>).</param>
/// <param name="Timeout"><c>timeout</c>, or the default phase timeout: how long the phase's tasks may take.</param>
/// <param name="Recover"><c>recover</c>: whether a failed or timed-out task lets the shutdown go on.</param>
/// <param name="DependsOn"><c>depends-on</c>: phases that complete before this one starts.</param>
public sealed record PhaseSettings(string Name, TimeSpan Timeout, bool Recover, IReadOnlyList<string> DependsOn);
