namespace Weir.Actors.Capture;

/// <summary>The answer to <see cref="GetStatus"/>: one entry per captured interface, sorted by name.</summary>
/// <param name="Interfaces">The interfaces.</param>
public sealed record CaptureStatus(IReadOnlyList<InterfaceStatus> Interfaces);
