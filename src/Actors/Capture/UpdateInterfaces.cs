namespace Weir.Actors.Capture;

/// <summary>
/// Tells <c>/user/capture</c> to capture exactly the interfaces <paramref name="Interfaces"/> select (patterns
/// expanded now against the host's interfaces). Interfaces no longer selected are rotated one last time and
/// stopped; new ones are started; ones whose options changed are restarted with the new options.
/// The answer is <see cref="UpdateResult"/>, or <c>Status.Failure</c> (an <see cref="ArgumentException"/>) when
/// a pattern is invalid or the set exceeds <c>weir.capture.max-interfaces</c>; then nothing changes.
/// </summary>
/// <param name="Interfaces">The desired set; an empty list stops all capture.</param>
public sealed record UpdateInterfaces(IReadOnlyList<InterfaceConfig> Interfaces);
