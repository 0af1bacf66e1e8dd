namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="GetConfig"/>.</summary>
/// <param name="Desired">The entries last applied (what persistence should store and give back with <see cref="UpdateInterfaces"/>).</param>
/// <param name="Interfaces">The concrete interfaces they select now, with their effective options (sorted by name).</param>
public sealed record CaptureConfig(IReadOnlyList<InterfaceConfig> Desired, IReadOnlyList<InterfaceConfig> Interfaces);
