namespace Weir.Actors.Configuration;

/// <summary><c>akka.coordinated-shutdown</c>.</summary>
/// <param name="DefaultPhaseTimeout"><c>default-phase-timeout</c>.</param>
/// <param name="TerminateActorSystem"><c>terminate-actor-system</c>: terminate the system after the last phase.</param>
/// <param name="RunByActorSystemTerminate"><c>run-by-actor-system-terminate</c>: <c>Terminate()</c> runs the shutdown.</param>
/// <param name="RunByClrShutdownHook"><c>run-by-clr-shutdown-hook</c>: SIGTERM, Ctrl-C and process exit run it.</param>
/// <param name="Phases">The phases in an order that respects <c>depends-on</c> (dependencies first; ties in file order).</param>
public sealed record CoordinatedShutdownSettings(
    TimeSpan DefaultPhaseTimeout,
    bool TerminateActorSystem,
    bool RunByActorSystemTerminate,
    bool RunByClrShutdownHook,
    IReadOnlyList<PhaseSettings> Phases)
{
    internal static CoordinatedShutdownSettings FromConfig(Config cs)
    {
        var defaultTimeout = ConfigChecks.Duration(cs, "default-phase-timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        var phasesConfig = cs.GetConfigStrict("phases");
        var phases = new List<PhaseSettings>();
        foreach (var name in phasesConfig.GetKeys())
        {
            var key = HoconPath.RenderSegment(name);
            var phase = phasesConfig.GetConfigStrict(key);
            var timeout = phase.HasPath("timeout")
                ? ConfigChecks.Duration(phase, "timeout", TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1))
                : defaultTimeout;
            var recover = !phase.HasPath("recover") || phase.GetBooleanStrict("recover");
            var dependsOn = phase.HasPath("depends-on") ? phase.GetStringListStrict("depends-on") : [];
            phases.Add(new PhaseSettings(name, timeout, recover, dependsOn));
        }

        return new CoordinatedShutdownSettings(
            defaultTimeout,
            cs.GetBooleanStrict("terminate-actor-system"),
            cs.GetBooleanStrict("run-by-actor-system-terminate"),
            cs.GetBooleanStrict("run-by-clr-shutdown-hook"),
            Order(phasesConfig, phases));
    }

    /// <summary>Topological order (Kahn's algorithm, file order among ready phases); unknown dependencies and cycles are errors.</summary>
    private static List<PhaseSettings> Order(Config phasesConfig, List<PhaseSettings> phases)
    {
        var byName = phases.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var phase in phases)
        {
            foreach (var dependency in phase.DependsOn)
            {
                if (!byName.ContainsKey(dependency))
                {
                    throw phasesConfig.Error($"{HoconPath.RenderSegment(phase.Name)}.depends-on", $"unknown phase '{dependency}'");
                }
            }
        }

        var ordered = new List<PhaseSettings>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < phases.Count)
        {
            var ready = phases.FirstOrDefault(p => !done.Contains(p.Name) && p.DependsOn.All(done.Contains));
            if (ready is null)
            {
                var stuck = phases.First(p => !done.Contains(p.Name));
                throw phasesConfig.Error($"{HoconPath.RenderSegment(stuck.Name)}.depends-on",
                    $"phases depend on each other in a cycle ({string.Join(", ", phases.Where(p => !done.Contains(p.Name)).Select(p => p.Name))})");
            }

            ordered.Add(ready);
            done.Add(ready.Name);
        }

        return ordered;
    }
}
