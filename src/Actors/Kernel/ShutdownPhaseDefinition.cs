namespace Weir.Actors.Kernel;

/// <summary>One phase of <see cref="CoordinatedShutdown"/>: the phases it runs after, its timeout and whether a
/// timeout or failure lets the shutdown go on.</summary>
/// <param name="DependsOn">Phases that must finish before this one starts.</param>
/// <param name="Timeout">How long the phase's tasks may take; <c>null</c> uses <see cref="ActorSystemSettings.DefaultPhaseTimeout"/>.</param>
/// <param name="Recover">When on, a timeout or failure is logged and the next phase starts; when off, the remaining phases are skipped.</param>
/// <param name="Enabled">A disabled phase runs none of its tasks.</param>
public sealed record ShutdownPhaseDefinition(
    IReadOnlyList<string> DependsOn,
    TimeSpan? Timeout = null,
    bool Recover = true,
    bool Enabled = true);
