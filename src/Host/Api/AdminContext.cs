using Weir.Actors.Configuration;
using Weir.Actors.Kernel;
using Weir.Actors.Persistence;
using Weir.Host.Run;

namespace Weir.Host.Api;

/// <summary>What the admin API serves from: the running host's parts.</summary>
/// <param name="System">The actor system.</param>
/// <param name="Settings">The effective settings.</param>
/// <param name="Capture">Capture control (the capture actors, or the desired state only).</param>
/// <param name="Log">The host's log ring.</param>
/// <param name="Started">When the host started.</param>
/// <param name="Progress">Persisted writeout progress, when the host keeps it.</param>
public sealed record AdminContext(ActorSystem System, WeirSettings Settings, ICaptureControl Capture, HostLog Log, DateTimeOffset Started,
    WriteoutProgress? Progress = null);
